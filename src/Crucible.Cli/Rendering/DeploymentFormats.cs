using System.Globalization;
using Crucible.Contracts.Serving;

namespace Crucible.Cli.Rendering;

/// <summary>How a deployment reads in one table cell: references, traffic shares, batching and overall state.</summary>
internal static class DeploymentFormats
{
    /// <summary><c>MODEL/VERSION</c> or <c>MODEL@ALIAS</c>, as typed on the command line.</summary>
    public static string Reference(string model, string? version, string? alias) => alias is not null ? $"{model}@{alias}" : $"{model}/{version}";

    public static string Reference(ModelRefDto? reference) => reference is null ? Formats.Missing : Reference(reference.Model, reference.Version, reference.Alias);

    /// <summary>Each route with its share of the traffic, e.g. <c>mlp/1 90% · mlp@challenger 10%</c>.</summary>
    public static string Routes(IReadOnlyList<DeploymentRouteDto> routes)
    {
        var total = routes.Sum(r => (long)Weight(r));
        return routes.Count == 0
            ? Formats.Missing
            : string.Join(" · ", routes.Select(r => $"{Reference(r.Model, r.Version, r.Alias)} {Share(Weight(r), total)}"));
    }

    /// <summary>A weight's share of <paramref name="total"/> as a percentage: whole when it is, else one decimal.</summary>
    public static string Share(long weight, long total)
    {
        if (total <= 0)
        {
            return "0%";
        }

        var percent = Math.Round(100.0 * weight / total, 1);
        return percent.ToString(percent == Math.Floor(percent) ? "0" : "0.0", CultureInfo.InvariantCulture) + "%";
    }

    public static int Weight(DeploymentRouteDto route) => route.Weight ?? 100;

    /// <summary><c>off</c>, or the batch size and delay, e.g. <c>32 × 5ms</c>.</summary>
    public static string Batching(BatchingDto? batching) => batching is null || batching.MaxBatchSize <= 1
        ? "off"
        : string.Create(CultureInfo.InvariantCulture, $"{batching.MaxBatchSize} × {batching.MaxDelayMs:0.###}ms");

    /// <summary>The worst state of the routes and shadow: <c>failed</c>, then <c>loading</c>, then <c>ready</c>.</summary>
    public static string State(IReadOnlyList<RouteStatusDto>? status)
    {
        if (status is not { Count: > 0 })
        {
            return Formats.Missing;
        }

        foreach (var state in (string[])["failed", "loading"])
        {
            var count = status.Count(s => string.Equals(s.State, state, StringComparison.OrdinalIgnoreCase));
            if (count > 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{state} ({count}/{status.Count})");
            }
        }

        return status.All(s => string.Equals(s.State, "ready", StringComparison.OrdinalIgnoreCase)) ? "ready" : string.Join(", ", status.Select(s => s.State).Distinct());
    }

    /// <summary>Epoch milliseconds as <c>2026-01-31T12:00:00.123Z</c>: predictions come many to a second.</summary>
    public static string PreciseTime(long epochMilliseconds) => epochMilliseconds > 0
        ? DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
        : Formats.Missing;

    public static string Latency(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
