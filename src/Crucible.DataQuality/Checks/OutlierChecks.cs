using Crucible.Stats.Sketches;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Outliers per numeric feature by Tukey fences: Q1 − f·IQR and Q3 + f·IQR, quartiles from the whole
/// file's KLL sketch, the share counted over the seeded row sample (exact when the file fits in it).
/// Columns with IQR = 0 are skipped: their fences would call every other value an outlier.
/// </summary>
internal static class OutlierChecks
{
    public static IEnumerable<CheckResult> Run(CheckContext c)
    {
        double max = c.Options.MaxOutlierShare;
        var breaches = new List<CheckResult>();
        double worst = 0;
        foreach (int i in c.NumericFeatures)
        {
            if (Fences(c.Current.Quantiles[i], c.Options.OutlierIqrFactor) is not { } fences)
            {
                continue;
            }

            long values = 0;
            var rows = new List<long>();
            long outliers = 0;
            foreach (var row in c.Current.Sample)
            {
                double v = CheckContext.Parse(row.Cells[i]);
                if (double.IsNaN(v))
                {
                    continue;
                }

                values++;
                if (v < fences.Low || v > fences.High)
                {
                    outliers++;
                    if (rows.Count < Profiling.DatasetScan.MaxListedRows)
                    {
                        rows.Add(row.Row);
                    }
                }
            }

            double share = values == 0 ? 0 : (double)outliers / values;
            worst = Math.Max(worst, share);
            if (share > max)
            {
                rows.Sort();
                string name = c.Columns[i].Name;
                breaches.Add(CheckResult.Of(CheckNames.Outliers, name, CheckStatus.Warn, share, max,
                    $"{CheckContext.Percent(share)} of '{name}' lies outside [{CheckContext.Number(fences.Low)}, {CheckContext.Number(fences.High)}] ({c.Options.OutlierIqrFactor}×IQR beyond the quartiles), more than the {CheckContext.Percent(max)} expected.", rows));
            }
        }

        return CheckContext.Summarize(CheckNames.Outliers, max, breaches, worst,
            $"Every numeric feature has at most {CheckContext.Percent(max)} of values beyond {c.Options.OutlierIqrFactor}×IQR from its quartiles.");
    }

    /// <summary>Tukey fences from a sketch, or null when the sketch is empty or the IQR is 0.</summary>
    public static (double Low, double High)? Fences(KllSketch sketch, double factor)
    {
        if (sketch.IsEmpty)
        {
            return null;
        }

        double q1 = sketch.Quantile(0.25);
        double q3 = sketch.Quantile(0.75);
        double iqr = q3 - q1;
        return iqr > 0 ? (q1 - (factor * iqr), q3 + (factor * iqr)) : null;
    }
}
