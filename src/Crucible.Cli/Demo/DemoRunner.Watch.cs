using System.Text.Json.Nodes;

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
        var monitor = await http.PostAsync($"{DemoHttp.Native}monitors", new JsonObject
        {
            ["deployment"] = DeploymentName,
            ["reference_start"] = windows.Start,
            ["reference_end"] = windows.ReferenceEnd,
            ["window_ms"] = Math.Max(1000, windows.End - windows.ShiftStart),
            ["retrain"] = true,
        });
        var id = monitor["monitor"]?["id"]?.GetValue<string>() ?? monitor["id"]!.GetValue<string>();
        _summary.MonitorId = id;
        var calm = await RunMonitorAsync(id, windows.ReferenceEnd, windows.ShiftStart);
        var drifted = await RunMonitorAsync(id, windows.ShiftStart, windows.End);
        _summary.CalmWindowAlert = calm["alert"] is JsonObject;
        _summary.DriftAlertId = drifted["alert"]?["id"]?.GetValue<string>();
        var evidence = drifted["drift"];
        var columns = evidence?["columns"]?.AsArray() ?? [];
        var driftedNames = columns
            .Where(c => c?["drift"]?.GetValue<bool>() == true)
            .Select(c => c!["column"]?.GetValue<string>() ?? "?")
            .ToList();
        _summary.DriftedColumns.AddRange(driftedNames);
        _summary.Reports.Add(new DemoLink("Alerts", $"{_summary.Server}/api/crucible/v1/alerts?deployment={DeploymentName}"));
        _summary.LastDetail = _summary.DriftAlertId is null
            ? "no drift alert was raised (unexpected)"
            : $"window before the price rise: {(_summary.CalmWindowAlert ? "alert" : "no alert")}; after: alert {_summary.DriftAlertId} ({driftedNames.Count} of {columns.Count} columns drifted: {string.Join(", ", driftedNames.Take(4))})";
    }

    private Task<JsonNode> RunMonitorAsync(string id, long start, long end) =>
        http.PostAsync($"{DemoHttp.Native}monitors/{id}/run", new JsonObject { ["window_start"] = start, ["window_end"] = end });
}
