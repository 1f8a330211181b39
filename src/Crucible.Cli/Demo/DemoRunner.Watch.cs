using System.Text.Json;
using Crucible.Contracts.Monitoring;

namespace Crucible.Cli.Demo;

/// <summary>The serving and watching half of the demo: traffic in three phases, then the drift monitor over them.</summary>
internal sealed partial class DemoRunner
{
    /// <summary>Phase boundaries (Unix ms): reference [Start, ReferenceEnd), a calm window [ReferenceEnd, ShiftStart), drifted [ShiftStart, End).</summary>
    private sealed record TrafficWindows(long Start, long ReferenceEnd, long ShiftStart, long End);

    private async Task<TrafficWindows> SendTrafficAsync(Random random, CancellationToken cancellationToken)
    {
        var start = await BoundaryAsync();
        await SendPhaseAsync(ChurnPopulation.Baseline, random, "reference traffic", cancellationToken);
        var referenceEnd = await BoundaryAsync();
        await SendPhaseAsync(ChurnPopulation.Baseline, random, "traffic before the price rise", cancellationToken);
        var shift = await BoundaryAsync();
        await SendPhaseAsync(ChurnPopulation.PriceRise, random, "traffic after the price rise", cancellationToken);
        var end = await BoundaryAsync();
        var total = 3 * settings.TrafficRequests;
        _summary.LastDetail = $"{total:N0} requests ({total * settings.RowsPerRequest:N0} customers scored), the last third after a price rise";
        return new TrafficWindows(start, referenceEnd, shift, end);
    }

    /// <summary>A phase boundary on the server's clock with a gap either side, so no prediction sits on it.</summary>
    private async Task<long> BoundaryAsync()
    {
        await Task.Delay(20);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await Task.Delay(20);
        return now;
    }

    private async Task SendPhaseAsync(ChurnPopulation population, Random random, string label, CancellationToken cancellationToken)
    {
        var customers = ChurnScenario.Generate(settings.TrafficRequests * settings.RowsPerRequest, population, random);
        using var bar = progress.Counter(label, settings.TrafficRequests);
        for (var i = 0; i < settings.TrafficRequests; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await InferAsync([.. customers.Skip(i * settings.RowsPerRequest).Take(settings.RowsPerRequest)]);
            bar.Increment();
        }
    }

    private async Task MonitorAsync(TrafficWindows windows)
    {
        var monitor = await client.CreateMonitorAsync(new MonitorRequest
        {
            Deployment = DeploymentName,
            ReferenceStart = windows.Start,
            ReferenceEnd = windows.ReferenceEnd,
            WindowMs = Math.Max(1000, windows.End - windows.ShiftStart),
            Retrain = true,
        }, cancellationToken: _stop);
        _summary.MonitorId = monitor.Id;
        var calm = await RunWhenCapturedAsync(monitor.Id, windows.ReferenceEnd, windows.ShiftStart);
        var drifted = await RunWhenCapturedAsync(monitor.Id, windows.ShiftStart, windows.End);
        _summary.CalmWindowAlert = calm.Alert is not null;
        _summary.DriftAlertId = drifted.Alert?.Id;
        List<JsonElement> columns = drifted.Drift is { ValueKind: JsonValueKind.Object } drift && drift.TryGetProperty("columns", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray()]
            : [];
        var driftedNames = columns
            .Where(c => c.TryGetProperty("drift", out var flag) && flag.ValueKind == JsonValueKind.True)
            .Select(c => c.TryGetProperty("column", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "?")
            .ToList();
        _summary.DriftedColumns.AddRange(driftedNames);
        _summary.Reports.Add(new DemoLink("Drift and alerts", DemoTables.UiLink(_summary, $"/monitors/{Uri.EscapeDataString(DeploymentName)}")));
        _summary.LastDetail = _summary.DriftAlertId is null
            ? "no drift alert was raised (unexpected)"
            : $"window before the price rise: {(_summary.CalmWindowAlert ? "alert" : "no alert")}; after: alert {_summary.DriftAlertId} ({driftedNames.Count} of {columns.Count} columns drifted: {string.Join(", ", driftedNames.Take(4))})";
    }

    /// <summary>
    /// Runs the monitor over a window once its traffic is stored: capture writes off the request path, so right after the
    /// last answer (and later on a busy machine) the window can still be filling. Runs again until the window holds every
    /// scored customer, or its count has stopped growing for two seconds, or 30 seconds have passed.
    /// </summary>
    private async Task<RunMonitorResponse> RunWhenCapturedAsync(string monitorId, long start, long end)
    {
        var expected = (long)settings.TrafficRequests * settings.RowsPerRequest;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (seen, since) = (-1L, TimeSpan.Zero);
        while (true)
        {
            var run = await client.RunMonitorAsync(monitorId, start, end, cancellationToken: _stop);
            if (run.WindowRecords != seen)
            {
                (seen, since) = (run.WindowRecords, clock.Elapsed);
            }

            if (run.WindowRecords >= expected || (run.WindowRecords > 0 && clock.Elapsed - since >= TimeSpan.FromSeconds(2)) || clock.Elapsed >= TimeSpan.FromSeconds(30))
            {
                return run;
            }

            await Task.Delay(250, _stop);
        }
    }
}
