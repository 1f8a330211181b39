namespace Crucible.DataQuality.Checks;

/// <summary>Checks that need a label: conflicting labels, class imbalance and single-feature leakage.</summary>
internal static class LabelChecks
{
    public static IEnumerable<CheckResult> Run(CheckContext c)
    {
        yield return Conflicts(c);
        if (!c.IsClassification)
        {
            yield break;
        }

        yield return Imbalance(c);
        foreach (CheckResult r in Leakage(c))
        {
            yield return r;
        }
    }

    private static CheckResult Conflicts(CheckContext c)
    {
        long rows = c.Current.Profile.RowCount;
        long conflicting = c.Current.ConflictingRows;
        double share = rows == 0 ? 0 : (double)conflicting / rows;
        double max = c.Options.MaxConflictingLabelShare;
        CheckStatus status = share > max ? CheckStatus.Fail : CheckStatus.Pass;
        string message = conflicting == 0
            ? "No two rows with the same features carry different labels."
            : $"{conflicting} rows ({CheckContext.Percent(share)}) share their features with a row of another label: duplicates with different labels are label noise or poisoning.";
        // Every sampled row of a conflicting group (all of them when the file fits in the sample).
        var listed = c.Current.Sample
            .Where(r => r.Cells[c.LabelIndex] is not null && c.Current.Groups.TryGetValue(c.Current.FeatureHasher.Hash(r.Cells), out var g) && g.Conflict)
            .Select(r => r.Row).Order().Take(Profiling.DatasetScan.MaxListedRows).ToList();
        if (listed.Count == 0)
        {
            listed = [.. c.Current.ConflictRowNumbers.Order()];
        }

        return CheckResult.Of(CheckNames.ConflictingLabels, c.Current.Label, status, share, max, message, listed);
    }

    private static CheckResult Imbalance(CheckContext c)
    {
        var counts = c.Current.LabelCounts;
        double min = c.Options.MinClassRatio;
        if (counts.Count < 2)
        {
            return CheckResult.Of(CheckNames.LabelImbalance, c.Current.Label, CheckStatus.Warn, 0, min,
                $"The label has {counts.Count} class{(counts.Count == 1 ? string.Empty : "es")}; a classifier needs at least two.");
        }

        var rare = counts.MinBy(kv => kv.Value);
        var common = counts.MaxBy(kv => kv.Value);
        double ratio = (double)rare.Value / common.Value;
        CheckStatus status = ratio < min ? CheckStatus.Warn : CheckStatus.Pass;
        string message = status == CheckStatus.Warn
            ? $"Class '{rare.Key}' has {rare.Value} rows against {common.Value} for '{common.Key}' (ratio {CheckContext.Number(ratio)}); resample, reweight or use metrics that see the rare class."
            : $"The rarest class '{rare.Key}' has {CheckContext.Number(ratio)} times the rows of the most common '{common.Key}', within the ratio {CheckContext.Number(min)} allowed.";
        return CheckResult.Of(CheckNames.LabelImbalance, c.Current.Label, status, ratio, min, message);
    }

    private static IEnumerable<CheckResult> Leakage(CheckContext c)
    {
        double max = c.Options.MaxLeakageScore;
        var breaches = new List<CheckResult>();
        double worst = 0;
        foreach (int i in c.Features)
        {
            double score = LeakageScorer.Score(c.Current.Sample, i, c.LabelIndex, c.Columns[i]);
            worst = Math.Max(worst, score);
            if (score >= max)
            {
                string name = c.Columns[i].Name;
                breaches.Add(CheckResult.Of(CheckNames.LabelLeakage, name, CheckStatus.Fail, score, max,
                    $"'{name}' alone predicts the label with a score of {CheckContext.Number(score)} (1 = perfect), which suggests it leaks the target; check how it is produced."));
            }
        }

        return CheckContext.Summarize(CheckNames.LabelLeakage, max, breaches, worst,
            $"No single feature predicts the label with a score of {CheckContext.Number(max)} or more.");
    }
}
