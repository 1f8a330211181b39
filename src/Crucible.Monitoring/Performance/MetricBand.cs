namespace Crucible.Monitoring.Performance;

/// <summary>
/// A metric's spread over the reference chunks: the realized metric of each chunk gives a mean and a (population)
/// standard deviation; the alert band is mean ± 3 std (NannyML's <c>StandardDeviationThreshold</c>), clipped to the
/// metric's range, and the sampling error of a window of n rows is std · sqrt(chunk size / n).
/// </summary>
/// <param name="Mean">Mean of the metric over the reference chunks with a value.</param>
/// <param name="Std">Their standard deviation (ddof 0, as <c>np.std</c>).</param>
/// <param name="ChunkRows">Mean rows per reference chunk.</param>
/// <param name="Lower">Lower alert threshold.</param>
/// <param name="Upper">Upper alert threshold.</param>
public sealed record MetricBand(double Mean, double Std, double ChunkRows, double? Lower, double? Upper)
{
    public const double Sigmas = 3;

    /// <summary>Standard error of the metric over a window of <paramref name="rows"/> rows; NaN without rows.</summary>
    public double SamplingError(long rows) => rows <= 0 ? double.NaN : Std * Math.Sqrt(ChunkRows / rows);

    /// <summary>The band from the chunks' values (NaN values skipped); null with fewer than two values.</summary>
    public static MetricBand? FromChunks(IReadOnlyList<double> values, double chunkRows, double? min, double? max)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length < 2)
        {
            return null;
        }

        var mean = finite.Average();
        var std = Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / finite.Length);
        var lower = mean - (Sigmas * std);
        var upper = mean + (Sigmas * std);
        return new MetricBand(mean, std, chunkRows, min is { } lo ? Math.Max(lo, lower) : lower, max is { } hi ? Math.Min(hi, upper) : upper);
    }
}
