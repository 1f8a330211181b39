namespace Crucible.Evaluation.Harness;

/// <summary>
/// Seeded percentile bootstrap: rows are drawn with replacement by <c>new Random(seed)</c>, the statistic is recomputed
/// on every resample, and the interval is the (1-level)/2 and (1+level)/2 quantiles with numpy's default (linear)
/// interpolation. A statistic undefined on a resample (missing from its result, or NaN) is skipped for that resample.
/// </summary>
internal static class BootstrapEstimator
{
    public static Dictionary<string, ConfidenceInterval> Intervals(
        int[] rows, BootstrapSettings settings, Func<int[], IReadOnlyDictionary<string, double>> statistic)
    {
        var result = new Dictionary<string, ConfidenceInterval>(StringComparer.Ordinal);
        if (settings.Resamples <= 0 || rows.Length == 0)
        {
            return result;
        }

        if (settings.ConfidenceLevel is <= 0.0 or >= 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.ConfidenceLevel, "The confidence level must lie in (0, 1).");
        }

        var random = new Random(settings.Seed);
        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var resample = new int[rows.Length];
        for (var b = 0; b < settings.Resamples; b++)
        {
            for (var i = 0; i < resample.Length; i++)
            {
                resample[i] = rows[random.Next(rows.Length)];
            }

            foreach (var (name, value) in statistic(resample))
            {
                if (double.IsNaN(value))
                {
                    continue;
                }

                if (!samples.TryGetValue(name, out var list))
                {
                    samples[name] = list = new List<double>(settings.Resamples);
                }

                list.Add(value);
            }
        }

        var alpha = (1.0 - settings.ConfidenceLevel) / 2.0;
        foreach (var (name, list) in samples)
        {
            list.Sort();
            result[name] = new ConfidenceInterval(Quantile(list, alpha), Quantile(list, 1.0 - alpha), list.Count);
        }

        return result;
    }

    /// <summary>numpy.percentile's default "linear" method on sorted values.</summary>
    internal static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        var fraction = position - lower;
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * fraction);
    }
}
