using System.Data.Common;
using System.Globalization;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Monitoring;

/// <summary>
/// Monitors and alerts on SQLite or PostgreSQL. An alert is unique per (monitor, window start): the insert is
/// an <c>ON CONFLICT DO NOTHING</c> and an empty result means the window already has its alert, which is then read.
/// </summary>
internal sealed class SqlMonitorStore(IDbExecutor db, TimeProvider time) : IMonitorStore
{
    /// <summary>The most alerts one list call returns.</summary>
    public const int MaxAlerts = 1_000;

    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<DriftMonitor> CreateMonitorAsync(MonitorSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["InsertMonitor"], ReadMonitor, ct,
                    ("@monitor_id", id),
                    ("@workspace", spec.Workspace),
                    ("@deployment", spec.Deployment),
                    ("@reference_start_ms", spec.ReferenceStartMs),
                    ("@reference_end_ms", spec.ReferenceEndMs),
                    ("@window_ms", spec.WindowMs),
                    ("@drift_share", spec.DriftShare),
                    ("@stattest", spec.StatTest),
                    ("@threshold", spec.Threshold),
                    ("@webhook_url", spec.WebhookUrl),
                    ("@webhook_secret", spec.WebhookSecret),
                    ("@enabled", spec.Enabled ? (short)1 : (short)0),
                    ("@now", Now),
                    ("@rule", spec.Rule.Name()),
                    ("@column_name", spec.Column),
                    ("@metric", spec.Metric),
                    ("@min_value", spec.MinValue),
                    ("@retrain", spec.Retrain ? (short)1 : (short)0),
                    ("@reference_dataset", spec.ReferenceDataset)).ConfigureAwait(false);
                return rows[0];
            },
            cancellationToken);
    }

    public Task<DriftMonitor> GetMonitorAsync(string id, CancellationToken cancellationToken)
    {
        Guard.Required(id, "monitor_id");
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["GetMonitor"], ReadMonitor, ct, ("@monitor_id", id)).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : throw MonitorNotFound(id);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DriftMonitor>> ListMonitorsAsync(string? deployment, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<DriftMonitor>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListMonitors"], ReadMonitor, ct, ("@deployment", deployment ?? string.Empty)).ConfigureAwait(false),
            cancellationToken);

    public Task DeleteMonitorAsync(string id, CancellationToken cancellationToken)
    {
        Guard.Required(id, "monitor_id");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await c.ExecuteAsync(t, Sql["DeleteMonitorSignals"], ct, ("@monitor_id", id)).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["DeleteMonitorEvaluations"], ct, ("@monitor_id", id)).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["DeleteMonitorAlerts"], ct, ("@monitor_id", id)).ConfigureAwait(false);
                var deleted = await c.ExecuteAsync(t, Sql["DeleteMonitor"], ct, ("@monitor_id", id)).ConfigureAwait(false);
                return deleted == 1 ? deleted : throw MonitorNotFound(id);
            },
            cancellationToken);
    }

    public Task<DriftMonitor> SetEnabledAsync(string id, bool enabled, CancellationToken cancellationToken)
    {
        Guard.Required(id, "monitor_id");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["SetMonitorEnabled"], ReadMonitor, ct, ("@monitor_id", id), ("@enabled", enabled ? (short)1 : (short)0)).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : throw MonitorNotFound(id);
            },
            cancellationToken);
    }

    public Task SetLastWindowEndAsync(string id, long windowEndMs, CancellationToken cancellationToken)
    {
        Guard.Required(id, "monitor_id");
        return db.WriteAsync(
            (c, t, ct) => c.ExecuteAsync(t, Sql["SetLastWindowEnd"], ct, ("@monitor_id", id), ("@window_end_ms", windowEndMs)),
            cancellationToken);
    }

    public Task<(Alert Alert, bool Created)> AddAlertAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Guard.Required(alert.MonitorId, "monitor_id");
        Guard.Required(alert.Evidence, "evidence");
        var id = string.IsNullOrEmpty(alert.Id) ? Guid.CreateVersion7(time.GetUtcNow()).ToString("N") : alert.Id;
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["InsertAlert"], ReadAlert, ct,
                    ("@alert_id", id),
                    ("@monitor_id", alert.MonitorId),
                    ("@deployment", alert.Deployment),
                    ("@window_start_ms", alert.WindowStartMs),
                    ("@window_end_ms", alert.WindowEndMs),
                    ("@status", StatusName(alert.Status)),
                    ("@evidence", alert.Evidence),
                    ("@now", Now),
                    ("@delivery_status", alert.Delivery.Status),
                    ("@delivery_attempts", (long)alert.Delivery.Attempts),
                    ("@delivery_error", alert.Delivery.Error)).ConfigureAwait(false);
                if (rows.Count == 1)
                {
                    return (rows[0], true);
                }

                var existing = await c.QueryAsync(
                    t, Sql["GetWindowAlert"], ReadAlert, ct, ("@monitor_id", alert.MonitorId), ("@window_start_ms", alert.WindowStartMs)).ConfigureAwait(false);
                return (existing[0], false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<Alert>> ResolveAlertsAsync(string monitorId, long beforeWindowStartMs, long nowMs, CancellationToken cancellationToken)
    {
        Guard.Required(monitorId, "monitor_id");
        return db.WriteAsync<IReadOnlyList<Alert>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["ResolveAlerts"], ReadAlert, ct, ("@monitor_id", monitorId), ("@before_ms", beforeWindowStartMs), ("@now", nowMs)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<Alert> SetDeliveryAsync(string alertId, AlertDelivery delivery, CancellationToken cancellationToken)
    {
        Guard.Required(alertId, "alert_id");
        ArgumentNullException.ThrowIfNull(delivery);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["SetAlertDelivery"], ReadAlert, ct,
                    ("@alert_id", alertId),
                    ("@delivery_status", delivery.Status),
                    ("@delivery_attempts", (long)delivery.Attempts),
                    ("@delivery_error", delivery.Error)).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : throw CrucibleException.NotFound($"Alert '{alertId}' does not exist.");
            },
            cancellationToken);
    }

    public Task<Alert?> GetAlertAsync(string monitorId, long windowStartMs, CancellationToken cancellationToken)
    {
        Guard.Required(monitorId, "monitor_id");
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["GetWindowAlert"], ReadAlert, ct, ("@monitor_id", monitorId), ("@window_start_ms", windowStartMs)).ConfigureAwait(false);
                return rows.Count == 0 ? null : rows[0];
            },
            cancellationToken);
    }

    public Task RecordEvaluationAsync(MonitorEvaluation evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        Guard.Required(evaluation.MonitorId, "monitor_id");
        Guard.Required(evaluation.Evidence, "evidence");
        return db.WriteAsync(
            (c, t, ct) => c.ExecuteAsync(
                t, Sql["UpsertEvaluation"], ct,
                ("@monitor_id", evaluation.MonitorId),
                ("@window_start_ms", evaluation.WindowStartMs),
                ("@window_end_ms", evaluation.WindowEndMs),
                ("@rule", evaluation.Rule.Name()),
                ("@fired", evaluation.Fired ? (short)1 : (short)0),
                ("@evidence", evaluation.Evidence),
                ("@evaluation_time", evaluation.EvaluationTimeMs)),
            cancellationToken);
    }

    public Task<IReadOnlyList<MonitorEvaluation>> ListEvaluationsAsync(string monitorId, int maxResults, CancellationToken cancellationToken)
    {
        Guard.Required(monitorId, "monitor_id");
        var limit = Guard.PageSize(maxResults, 100, MaxAlerts);
        return db.ReadAsync<IReadOnlyList<MonitorEvaluation>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["ListEvaluations"], r => new MonitorEvaluation(
                    r.GetString(0), r.Int64(1), r.Int64(2), MonitorRules.Parse(r.GetString(3)), r.Int64(4) != 0, r.GetString(5), r.Int64(6)),
                ct, ("@monitor_id", monitorId), ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<Alert>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Guard.PageSize(query.MaxResults, 100, MaxAlerts);
        return db.ReadAsync<IReadOnlyList<Alert>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["ListAlerts"], ReadAlert, ct,
                ("@deployment", query.Deployment ?? string.Empty),
                ("@status", query.Status is { } s ? StatusName(s) : string.Empty),
                ("@monitor_id", query.MonitorId ?? string.Empty),
                ("@limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public static string StatusName(AlertStatus status) => status == AlertStatus.Firing ? "firing" : "resolved";

    private static CrucibleException MonitorNotFound(string id) => CrucibleException.NotFound($"Monitor '{id}' does not exist.");

    private static DriftMonitor ReadMonitor(DbDataReader r) => new(
        r.GetString(0),
        new MonitorSpec(
            Deployment: r.GetString(1),
            ReferenceStartMs: r.Int64(2),
            ReferenceEndMs: r.Int64(3),
            WindowMs: r.Int64(4),
            DriftShare: r.GetDouble(5),
            StatTest: r.NullableString(6),
            Threshold: r.IsDBNull(7) ? null : r.GetDouble(7),
            WebhookUrl: r.NullableString(8),
            WebhookSecret: r.NullableString(9),
            Enabled: r.Int64(10) != 0,
            Rule: MonitorRules.Parse(r.GetString(13)),
            Column: r.NullableString(14),
            Metric: r.NullableString(15),
            MinValue: r.IsDBNull(16) ? null : r.GetDouble(16),
            Retrain: r.Int64(17) != 0,
            ReferenceDataset: r.NullableString(18)),
        r.Int64(11),
        r.NullableInt64(12));

    private static Alert ReadAlert(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.Int64(3),
        r.Int64(4),
        string.Equals(r.GetString(5), "firing", StringComparison.Ordinal) ? AlertStatus.Firing : AlertStatus.Resolved,
        r.GetString(6),
        r.Int64(7),
        r.NullableInt64(8),
        new AlertDelivery(r.GetString(9), Convert.ToInt32(r.GetValue(10), CultureInfo.InvariantCulture), r.NullableString(11)));
}
