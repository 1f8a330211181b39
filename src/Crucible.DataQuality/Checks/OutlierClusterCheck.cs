using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Poisoning signal: a sudden cluster of outliers. Rows with any numeric feature beyond the reference's
/// Tukey fences are counted in both samples; the current share exceeding the reference's own share by
/// more than <see cref="CheckOptions.MaxOutlierExcess"/> (and by at least 3 rows) warns, listing the rows.
/// </summary>
internal static class OutlierClusterCheck
{
    public static CheckResult? Run(CheckContext c, DatasetScan reference, Dictionary<string, int> byName)
    {
        var pairs = new List<(int Current, int Reference, double Low, double High)>();
        foreach (int i in c.NumericFeatures)
        {
            if (byName.TryGetValue(c.Columns[i].Name, out int j)
                && OutlierChecks.Fences(reference.Quantiles[j], c.Options.OutlierIqrFactor) is { } f)
            {
                pairs.Add((i, j, f.Low, f.High));
            }
        }

        if (pairs.Count == 0 || c.Current.Sample.Count == 0 || reference.Sample.Count == 0)
        {
            return null;
        }

        var rows = new List<long>();
        long current = c.Current.Sample.LongCount(r => IsOutlier(r, pairs, useReference: false) && Track(rows, r.Row));
        long baseline = reference.Sample.LongCount(r => IsOutlier(r, pairs, useReference: true));
        double share = (double)current / c.Current.Sample.Count;
        double referenceShare = (double)baseline / reference.Sample.Count;
        double excess = share - referenceShare;
        double max = c.Options.MaxOutlierExcess;
        bool warn = excess > max && current - (referenceShare * c.Current.Sample.Count) >= 3;
        rows.Sort();
        string message = warn
            ? $"{current} rows ({CheckContext.Percent(share)}) fall beyond the reference's outlier fences against {CheckContext.Percent(referenceShare)} in the reference: a sudden cluster of outliers, possibly injected."
            : $"Rows beyond the reference's outlier fences: {CheckContext.Percent(share)} here, {CheckContext.Percent(referenceShare)} in the reference.";
        return CheckResult.Of(CheckNames.OutlierCluster, null, warn ? CheckStatus.Warn : CheckStatus.Pass, excess, max, message, warn ? rows : []);
    }

    private static bool IsOutlier(SampledRow row, List<(int Current, int Reference, double Low, double High)> pairs, bool useReference)
    {
        foreach (var (ci, ri, low, high) in pairs)
        {
            double v = CheckContext.Parse(row.Cells[useReference ? ri : ci]);
            if (v < low || v > high)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Track(List<long> rows, long row)
    {
        ReferenceChecks.AddCapped(rows, row);
        return true;
    }
}
