using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Monitoring;

/// <summary>Drift monitors and alerts, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class MonitorStoreContract : IAsyncLifetime
{
    private const long Hour = 3_600_000;

    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    private IMonitorStore Monitors => Store.Monitors;

    private static CancellationToken Ct => CancellationToken.None;

    private long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static MonitorSpec Spec(string deployment = "churn") =>
        new(deployment, 0, Hour, StatTest: "psi", Threshold: 0.2, DriftShare: 0.25, WebhookUrl: "https://hooks.example/x", WebhookSecret: "s3cret");

    private static Alert Firing(DriftMonitor monitor, long windowStart, string evidence = """{"share":1}""") =>
        new(string.Empty, monitor.Id, monitor.Spec.Deployment, windowStart, windowStart + Hour, AlertStatus.Firing, evidence, 0, null, AlertDelivery.Pending);

    [Fact]
    public async Task Create_get_list_and_delete_round_trip_every_field()
    {
        var created = await Monitors.CreateMonitorAsync(Spec(), Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var other = await Monitors.CreateMonitorAsync(new MonitorSpec("fraud", 5, 10, Enabled: false), Ct);

        var read = await Monitors.GetMonitorAsync(created.Id, Ct);
        Assert.Equal(Spec(), read.Spec);
        Assert.Equal(NowMs - 1_000, read.CreationTimeMs);
        Assert.Null(read.LastWindowEndMs);
        var defaults = (await Monitors.GetMonitorAsync(other.Id, Ct)).Spec;
        Assert.Equal((MonitorSpec.DefaultWindowMs, 0.5, (string?)null, (double?)null, (string?)null, false), (defaults.WindowMs, defaults.DriftShare, defaults.StatTest, defaults.Threshold, defaults.WebhookUrl, defaults.Enabled));

        Assert.Equal([created.Id, other.Id], (await Monitors.ListMonitorsAsync(null, Ct)).Select(m => m.Id));
        Assert.Equal([other.Id], (await Monitors.ListMonitorsAsync("fraud", Ct)).Select(m => m.Id));

        await Monitors.AddAlertAsync(Firing(created, Hour), Ct);
        await Monitors.DeleteMonitorAsync(created.Id, Ct);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Monitors.GetMonitorAsync(created.Id, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Monitors.DeleteMonitorAsync(created.Id, Ct));
        Assert.Empty(await Monitors.ListAlertsAsync(new AlertQuery(MonitorId: created.Id), Ct));
    }

    [Fact]
    public async Task Invalid_specs_are_refused_before_anything_is_written()
    {
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(Spec() with { ReferenceEndMs = 0 }, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(Spec() with { DriftShare = 0 }, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(Spec() with { WindowMs = 10 }, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(Spec() with { WebhookUrl = "ftp://x" }, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(Spec() with { Deployment = "" }, Ct));
        Assert.Empty(await Monitors.ListMonitorsAsync(null, Ct));
    }

    [Fact]
    public async Task One_alert_per_window_even_when_added_concurrently()
    {
        var monitor = await Monitors.CreateMonitorAsync(Spec(), Ct);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Monitors.AddAlertAsync(Firing(monitor, Hour), Ct))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Alert.Id).Distinct());
        var alert = Assert.Single(await Monitors.ListAlertsAsync(new AlertQuery(), Ct));
        Assert.Equal((monitor.Id, "churn", Hour, 2 * Hour, AlertStatus.Firing, """{"share":1}""", NowMs), (alert.MonitorId, alert.Deployment, alert.WindowStartMs, alert.WindowEndMs, alert.Status, alert.Evidence, alert.CreationTimeMs));
        Assert.Equal(AlertDelivery.Pending, alert.Delivery);
        Assert.Equal(alert, await Monitors.GetAlertAsync(monitor.Id, Hour, Ct));
        Assert.Null(await Monitors.GetAlertAsync(monitor.Id, 2 * Hour, Ct));
    }

    [Fact]
    public async Task Resolving_touches_only_earlier_firing_alerts_of_the_monitor()
    {
        var monitor = await Monitors.CreateMonitorAsync(Spec(), Ct);
        var other = await Monitors.CreateMonitorAsync(Spec("fraud"), Ct);
        await Monitors.AddAlertAsync(Firing(monitor, Hour), Ct);
        await Monitors.AddAlertAsync(Firing(monitor, 2 * Hour), Ct);
        await Monitors.AddAlertAsync(Firing(monitor, 4 * Hour), Ct);
        await Monitors.AddAlertAsync(Firing(other, Hour), Ct);

        var resolved = await Monitors.ResolveAlertsAsync(monitor.Id, 3 * Hour, 12_345, Ct);

        Assert.Equal([Hour, 2 * Hour], resolved.Select(a => a.WindowStartMs).Order());
        Assert.All(resolved, a => Assert.Equal((AlertStatus.Resolved, (long?)12_345), (a.Status, a.ResolvedTimeMs)));
        Assert.Empty(await Monitors.ResolveAlertsAsync(monitor.Id, 3 * Hour, 99_999, Ct));
        Assert.Equal([4 * Hour, Hour], (await Monitors.ListAlertsAsync(new AlertQuery(Status: AlertStatus.Firing), Ct)).Select(a => a.WindowStartMs));
        Assert.Equal(2, (await Monitors.ListAlertsAsync(new AlertQuery("churn", AlertStatus.Resolved), Ct)).Count);
        Assert.Single(await Monitors.ListAlertsAsync(new AlertQuery("fraud"), Ct));
        Assert.Equal([4 * Hour], (await Monitors.ListAlertsAsync(new AlertQuery(MaxResults: 1), Ct)).Select(a => a.WindowStartMs));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.ListAlertsAsync(new AlertQuery(MaxResults: 0), Ct));
    }

    [Fact]
    public async Task Delivery_outcome_and_loop_position_are_stored()
    {
        var monitor = await Monitors.CreateMonitorAsync(Spec(), Ct);
        var (alert, _) = await Monitors.AddAlertAsync(Firing(monitor, Hour), Ct);

        var delivered = await Monitors.SetDeliveryAsync(alert.Id, new AlertDelivery("failed", 3, "HTTP 503 Service Unavailable"), Ct);
        Assert.Equal(new AlertDelivery("failed", 3, "HTTP 503 Service Unavailable"), delivered.Delivery);
        Assert.Equal(delivered, await Monitors.GetAlertAsync(monitor.Id, Hour, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Monitors.SetDeliveryAsync("nope", AlertDelivery.None, Ct));

        await Monitors.SetLastWindowEndAsync(monitor.Id, 3 * Hour, Ct);
        await Monitors.SetLastWindowEndAsync(monitor.Id, 2 * Hour, Ct);
        Assert.Equal(3 * Hour, (await Monitors.GetMonitorAsync(monitor.Id, Ct)).LastWindowEndMs);
    }

    [Fact]
    public async Task Rule_fields_round_trip_and_old_style_specs_read_as_drift_share()
    {
        var column = await Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, Hour, Rule: MonitorRule.MissingSpike, Column: "x[1]", Threshold: 0.2, Retrain: true), Ct);
        var performance = await Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, Hour, Rule: MonitorRule.Performance, Metric: "accuracy", MinValue: 0.8), Ct);
        var legacy = await Monitors.CreateMonitorAsync(Spec(), Ct);

        Assert.Equal(new MonitorSpec("churn", 0, Hour, Rule: MonitorRule.MissingSpike, Column: "x[1]", Threshold: 0.2, Retrain: true), (await Monitors.GetMonitorAsync(column.Id, Ct)).Spec);
        Assert.Equal(new MonitorSpec("churn", 0, Hour, Rule: MonitorRule.Performance, Metric: "accuracy", MinValue: 0.8), (await Monitors.GetMonitorAsync(performance.Id, Ct)).Spec);
        var old = (await Monitors.GetMonitorAsync(legacy.Id, Ct)).Spec;
        Assert.Equal((MonitorRule.DriftShare, (string?)null, (string?)null, (double?)null, false), (old.Rule, old.Column, old.Metric, old.MinValue, old.Retrain));

        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, Hour, Rule: MonitorRule.ColumnDrift), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, Hour, Rule: MonitorRule.Performance), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, Hour, Column: "x"), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, Hour, Rule: MonitorRule.TrafficDrop, Threshold: 1.5), Ct));
        Assert.Equal(3, (await Monitors.ListMonitorsAsync(null, Ct)).Count);
    }

    [Fact]
    public async Task A_dataset_reference_round_trips_and_excludes_a_reference_window()
    {
        var spec = new MonitorSpec("churn", 0, 0, DriftShare: 0.3, ReferenceDataset: "customers@2");
        var created = await Monitors.CreateMonitorAsync(spec, Ct);
        Assert.Equal(spec, (await Monitors.GetMonitorAsync(created.Id, Ct)).Spec);
        Assert.Equal("customers@2", Assert.Single(await Monitors.ListMonitorsAsync("churn", Ct)).Spec.ReferenceDataset);
        Assert.Null((await Monitors.CreateMonitorAsync(Spec(), Ct)).Spec.ReferenceDataset);

        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, Hour, ReferenceDataset: "customers@2"), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, 0, ReferenceDataset: "customers"), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, 0, Rule: MonitorRule.TrafficDrop, ReferenceDataset: "customers@2"), Ct));
    }

    [Fact]
    public async Task Enabling_and_disabling_is_stored_and_unknown_monitors_are_not_found()
    {
        var monitor = await Monitors.CreateMonitorAsync(Spec(), Ct);

        Assert.False((await Monitors.SetEnabledAsync(monitor.Id, false, Ct)).Spec.Enabled);
        Assert.False((await Monitors.GetMonitorAsync(monitor.Id, Ct)).Spec.Enabled);
        Assert.True((await Monitors.SetEnabledAsync(monitor.Id, true, Ct)).Spec.Enabled);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Monitors.SetEnabledAsync("nope", true, Ct));
    }

    [Fact]
    public async Task One_retraining_signal_per_alert_even_when_added_concurrently_and_deleted_with_the_monitor()
    {
        var signals = Store.RetrainingSignals;
        var monitor = await Monitors.CreateMonitorAsync(Spec() with { Retrain = true }, Ct);
        var other = await Monitors.CreateMonitorAsync(Spec("fraud") with { Retrain = true }, Ct);
        var (alert, _) = await Monitors.AddAlertAsync(Firing(monitor, Hour), Ct);
        var (second, _) = await Monitors.AddAlertAsync(Firing(monitor, 2 * Hour), Ct);
        var (fraud, _) = await Monitors.AddAlertAsync(Firing(other, Hour), Ct);
        RetrainingSignal Signal(Alert a, long at) => new(string.Empty, a.MonitorId, a.Deployment, a.Id, "drift_share: 0.75 >= 0.5", at);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => signals.AddSignalAsync(Signal(alert, NowMs), Ct))));
        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Signal.Id).Distinct());
        await signals.AddSignalAsync(Signal(second, NowMs + 5), Ct);
        await signals.AddSignalAsync(Signal(fraud, NowMs + 1), Ct);

        var stored = results[0].Signal;
        Assert.Equal((monitor.Id, "churn", alert.Id, "drift_share: 0.75 >= 0.5", NowMs), (stored.MonitorId, stored.Deployment, stored.AlertId, stored.Reason, stored.CreationTimeMs));
        Assert.Equal([second.Id, alert.Id], (await signals.ListSignalsAsync("churn", 100, Ct)).Select(s => s.AlertId));
        Assert.Equal([second.Id, fraud.Id, alert.Id], (await signals.ListSignalsAsync(null, 100, Ct)).Select(s => s.AlertId));
        Assert.Single(await signals.ListSignalsAsync(null, 1, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => signals.ListSignalsAsync(null, 0, Ct));

        await Monitors.DeleteMonitorAsync(monitor.Id, Ct);
        Assert.Equal([fraud.Id], (await signals.ListSignalsAsync(null, 100, Ct)).Select(s => s.AlertId));
    }

    [Fact]
    public async Task Evaluations_keep_the_latest_per_window_newest_first_and_go_with_the_monitor()
    {
        var monitor = await Monitors.CreateMonitorAsync(Spec(), Ct);
        var other = await Monitors.CreateMonitorAsync(Spec("fraud"), Ct);
        MonitorEvaluation Evaluation(DriftMonitor m, long start, bool fired, long at) =>
            new(m.Id, start, start + Hour, MonitorRule.TrafficDrop, fired, "{\"rule\":\"traffic_drop\",\"fired\":" + (fired ? "true}" : "false}"), at);

        await Monitors.RecordEvaluationAsync(Evaluation(monitor, Hour, false, 10), Ct);
        await Monitors.RecordEvaluationAsync(Evaluation(monitor, 2 * Hour, false, 20), Ct);
        await Monitors.RecordEvaluationAsync(Evaluation(monitor, Hour, true, 30), Ct);
        await Monitors.RecordEvaluationAsync(Evaluation(other, Hour, true, 40), Ct);

        var listed = await Monitors.ListEvaluationsAsync(monitor.Id, 100, Ct);
        Assert.Equal([Evaluation(monitor, 2 * Hour, false, 20), Evaluation(monitor, Hour, true, 30)], listed);
        Assert.Single(await Monitors.ListEvaluationsAsync(monitor.Id, 1, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Monitors.ListEvaluationsAsync(monitor.Id, 0, Ct));

        await Monitors.DeleteMonitorAsync(monitor.Id, Ct);
        Assert.Empty(await Monitors.ListEvaluationsAsync(monitor.Id, 100, Ct));
        Assert.Single(await Monitors.ListEvaluationsAsync(other.Id, 100, Ct));
    }

    private static async Task FailsAsync(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<CrucibleException>(action);
        Assert.Equal(code, e.Code);
    }
}

public sealed class SqliteMonitorStoreTests : MonitorStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override string StoreUri() => "sqlite:///" + _dir.File("crucible.db");

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresMonitorStoreTests : MonitorStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("monitoring");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
