namespace Crucible.Bench.Metrics;

/// <summary>
/// The parts of /metrics that tests (Observability, ServingMetricsTests), docs/serving.md and bench/serving/report.py
/// read: family names with their unit and _total suffixes, their types, the labels, and the server's bucket bounds.
/// </summary>
internal static class Contract
{
    private static readonly (string What, Func<string[], bool> Holds)[] Rules =
    [
        ("TYPE http_server_request_duration_seconds histogram", l => l.Contains("# TYPE http_server_request_duration_seconds histogram")),
        ("http_server_request_duration_seconds_count with http_route", l => l.Any(x => x.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && x.Contains("http_route=\"/v2/models/{model_name}/infer\"", StringComparison.Ordinal))),
        ("TYPE crucible_serving_requests_total counter", l => l.Contains("# TYPE crucible_serving_requests_total counter")),
        ("crucible_serving_requests_total with deployment, version, protocol, outcome", l => l.Any(x => x.StartsWith("crucible_serving_requests_total{", StringComparison.Ordinal) && x.Contains("deployment=\"model-0\"", StringComparison.Ordinal) && x.Contains("version=\"1\"", StringComparison.Ordinal) && x.Contains("protocol=\"v2\"", StringComparison.Ordinal) && x.Contains("outcome=\"ok\"", StringComparison.Ordinal))),
        ("crucible_serving_errors_total with reason", l => l.Any(x => x.StartsWith("crucible_serving_errors_total{", StringComparison.Ordinal) && x.Contains("reason=\"bad_request\"", StringComparison.Ordinal))),
        ("crucible_serving_request_duration_seconds buckets from le=0.0001", l => l.Any(x => x.StartsWith("crucible_serving_request_duration_seconds_bucket{", StringComparison.Ordinal) && x.Contains("le=\"0.0001\"", StringComparison.Ordinal))),
        ("crucible_serving_batch_size_sum and buckets to le=4096", l => l.Any(x => x.StartsWith("crucible_serving_batch_size_sum{", StringComparison.Ordinal)) && l.Any(x => x.StartsWith("crucible_serving_batch_size_bucket{", StringComparison.Ordinal) && x.Contains("le=\"4096\"", StringComparison.Ordinal))),
    ];

    public static string Check(string text)
    {
        var lines = text.Split('\n');
        var broken = Rules.Where(r => !r.Holds(lines)).Select(r => r.What).ToList();
        return broken.Count == 0 ? "kept" : $"**broken**: {broken.Count} of {Rules.Length} missing ({string.Join("; ", broken)})";
    }
}
