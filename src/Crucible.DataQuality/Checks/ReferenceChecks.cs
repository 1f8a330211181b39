using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Checks against a reference dataset: numbers outside the reference's range, categories the reference
/// never had, rows present in both (train/test overlap), label distribution shift and a cluster of outliers.
/// </summary>
internal static class ReferenceChecks
{
    public static IEnumerable<CheckResult> Run(CheckContext c)
    {
        DatasetScan reference = c.Reference!;
        var byName = Enumerable.Range(0, reference.Profile.Columns.Count).ToDictionary(i => reference.Profile.Columns[i].Name, StringComparer.Ordinal);
        foreach (CheckResult r in Ranges(c, reference, byName))
        {
            yield return r;
        }

        foreach (CheckResult r in Categories(c, reference, byName))
        {
            yield return r;
        }

        yield return Overlap(c, reference);
        if (c.LabelIndex >= 0 && LabelDriftCheck.Run(c, reference) is { } drift)
        {
            yield return drift;
        }

        if (OutlierClusterCheck.Run(c, reference, byName) is { } cluster)
        {
            yield return cluster;
        }
    }

    private static IEnumerable<CheckResult> Ranges(CheckContext c, DatasetScan reference, Dictionary<string, int> byName)
    {
        double max = c.Options.MaxOutOfRangeShare;
        var breaches = new List<CheckResult>();
        double worst = 0;
        foreach (int i in c.NumericFeatures)
        {
            ColumnProfile current = c.Columns[i];
            if (!byName.TryGetValue(current.Name, out int j) || reference.Profile.Columns[j] is not { Min: { } lo, Max: { } hi })
            {
                continue;
            }

            var rows = new List<long>();
            long values = 0, outside = 0;
            foreach (SampledRow row in c.Current.Sample)
            {
                double v = CheckContext.Parse(row.Cells[i]);
                if (!double.IsNaN(v))
                {
                    values++;
                    if (v < lo || v > hi)
                    {
                        outside++;
                        AddCapped(rows, row.Row);
                    }
                }
            }

            double share = values == 0 ? 0 : (double)outside / values;
            worst = Math.Max(worst, share);
            if (share > max)
            {
                breaches.Add(CheckResult.Of(CheckNames.OutOfRange, current.Name, CheckStatus.Warn, share, max,
                    $"{CheckContext.Percent(share)} of '{current.Name}' lies outside the reference range [{CheckContext.Number(lo)}, {CheckContext.Number(hi)}].", rows));
            }
        }

        return CheckContext.Summarize(CheckNames.OutOfRange, max, breaches, worst,
            $"At most {CheckContext.Percent(max)} of any numeric feature lies outside the reference's range.");
    }

    private static IEnumerable<CheckResult> Categories(CheckContext c, DatasetScan reference, Dictionary<string, int> byName)
    {
        double max = c.Options.MaxNewCategoryShare;
        var breaches = new List<CheckResult>();
        double worst = 0;
        foreach (int i in c.Features.Where(i => c.Columns[i].Role == ColumnRole.Categorical))
        {
            ColumnProfile current = c.Columns[i];
            if (!byName.TryGetValue(current.Name, out int j) || reference.Values[j] is not { } known || c.Current.Values[i] is null)
            {
                continue;
            }

            var fresh = c.Current.Values[i]!.Where(v => !known.Contains(v)).ToList();
            long rows = c.Current.Sample.LongCount(r => r.Cells[i] is { } v && !known.Contains(v));
            long nonNull = c.Current.Sample.LongCount(r => r.Cells[i] is not null);
            double share = nonNull == 0 ? 0 : (double)rows / nonNull;
            worst = Math.Max(worst, share);
            if (fresh.Count > 0 && share > max)
            {
                string examples = string.Join(", ", fresh.Take(5).Select(v => $"'{v}'"));
                breaches.Add(CheckResult.Of(CheckNames.NewCategories, current.Name, CheckStatus.Warn, share, max,
                    $"{fresh.Count} {(fresh.Count == 1 ? "category" : "categories")} of '{current.Name}' {(fresh.Count == 1 ? "is" : "are")} not in the reference ({examples}), covering {CheckContext.Percent(share)} of its values."));
            }
        }

        return CheckContext.Summarize(CheckNames.NewCategories, max, breaches, worst,
            "Every category of every categorical feature also appears in the reference.");
    }

    private static CheckResult Overlap(CheckContext c, DatasetScan reference)
    {
        long overlap = 0;
        foreach (ulong h in c.Current.OverlapHashes)
        {
            overlap += reference.OverlapHashes.Contains(h) ? 1 : 0;
        }

        long distinct = c.Current.OverlapHashes.Count;
        double share = distinct == 0 ? 0 : (double)overlap / distinct;
        double max = c.Options.MaxTrainTestOverlap;
        CheckStatus status = share > max ? CheckStatus.Fail : CheckStatus.Pass;
        string message = overlap == 0
            ? "No row of this dataset also appears in the reference."
            : $"{overlap} distinct rows ({CheckContext.Percent(share)}) also appear in the reference: train/test leakage inflates evaluation scores.";
        return CheckResult.Of(CheckNames.TrainTestOverlap, null, status, share, max, message);
    }

    internal static void AddCapped(List<long> rows, long row)
    {
        if (rows.Count < DatasetScan.MaxListedRows)
        {
            rows.Add(row);
        }
    }
}
