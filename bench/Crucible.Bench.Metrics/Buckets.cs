namespace Crucible.Bench.Metrics;

/// <summary>The server's histogram bounds (PrometheusMetrics' private arrays, same values), given to prometheus-net.</summary>
internal static class Buckets
{
    public static readonly double[] Seconds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly double[] Counts = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    public static double[] For(string? unit) => unit switch
    {
        ['{', .., '}'] or "1" => Counts,
        _ => Seconds,
    };
}
