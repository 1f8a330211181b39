using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>Checks on one dataset alone: missing values, constant columns, mixed types, duplicates, identifiers.</summary>
internal static class IntegrityChecks
{
    public static IEnumerable<CheckResult> Run(CheckContext c)
    {
        CheckOptions o = c.Options;
        IReadOnlyList<ColumnProfile> columns = c.Columns;

        var missing = columns.Where(p => p.MissingShare > o.MaxMissingShare).Select(p => CheckResult.Of(
            CheckNames.MissingShare, p.Name, CheckStatus.Warn, p.MissingShare, o.MaxMissingShare,
            $"{CheckContext.Percent(p.MissingShare)} of '{p.Name}' is missing, more than the {CheckContext.Percent(o.MaxMissingShare)} allowed.")).ToList();
        foreach (CheckResult r in CheckContext.Summarize(CheckNames.MissingShare, o.MaxMissingShare, missing, columns.Max(p => p.MissingShare),
            $"Every column has at most {CheckContext.Percent(o.MaxMissingShare)} missing values."))
        {
            yield return r;
        }

        var features = c.Features.Select(i => columns[i]).ToList();
        var constant = features.Where(p => p.DistinctCount <= 1).Select(p => CheckResult.Of(
            CheckNames.ConstantColumn, p.Name, CheckStatus.Warn, p.DistinctCount, 1,
            p.NonNullCount == 0 ? $"'{p.Name}' is empty in every row, so it carries no information." : $"'{p.Name}' holds the single value '{p.TopValues[0].Value}', so it carries no information.")).ToList();
        foreach (CheckResult r in CheckContext.Summarize(CheckNames.ConstantColumn, 1, constant, features.Count == 0 ? 0 : features.Min(p => p.DistinctCount),
            "No feature holds a single value."))
        {
            yield return r;
        }

        var almost = features.Where(p => p.DistinctCount > 1 && p.DominantShare >= o.AlmostConstantShare).Select(p => CheckResult.Of(
            CheckNames.AlmostConstantColumn, p.Name, CheckStatus.Warn, p.DominantShare, o.AlmostConstantShare,
            $"'{p.TopValues[0].Value}' fills {CheckContext.Percent(p.DominantShare)} of '{p.Name}', so it carries almost no information.")).ToList();
        foreach (CheckResult r in CheckContext.Summarize(CheckNames.AlmostConstantColumn, o.AlmostConstantShare, almost,
            features.Where(p => p.DistinctCount > 1).Select(p => p.DominantShare).DefaultIfEmpty(0).Max(),
            $"No feature has one value in {CheckContext.Percent(o.AlmostConstantShare)} or more of its rows."))
        {
            yield return r;
        }

        var mixed = columns.Where(p => p.MixedTypeShare > o.MaxMixedTypeShare).Select(p => CheckResult.Of(
            CheckNames.MixedTypes, p.Name, CheckStatus.Warn, p.MixedTypeShare, o.MaxMixedTypeShare,
            $"{CheckContext.Percent(p.MixedTypeShare)} of '{p.Name}' is of another type than the rest ({CheckContext.Percent(p.NumericShare)} numeric), which usually means stray text in numbers or the reverse.")).ToList();
        foreach (CheckResult r in CheckContext.Summarize(CheckNames.MixedTypes, o.MaxMixedTypeShare, mixed, columns.Max(p => p.MixedTypeShare),
            "Every column holds a single type of value."))
        {
            yield return r;
        }

        yield return Duplicates(c);

        var ids = features.Where(p => p.Role == ColumnRole.Id).Select(p => CheckResult.Of(
            CheckNames.IdLikeColumn, p.Name, CheckStatus.Warn, Ratio(p), 0.99,
            $"'{p.Name}' looks like an identifier ({CheckContext.Percent(Ratio(p))} distinct); leave it out of the features or a model can memorize rows.")).ToList();
        foreach (CheckResult r in CheckContext.Summarize(CheckNames.IdLikeColumn, 0.99, ids, 0, "No feature looks like an identifier."))
        {
            yield return r;
        }
    }

    private static CheckResult Duplicates(CheckContext c)
    {
        long rows = c.Current.Profile.RowCount;
        double share = rows == 0 ? 0 : (double)c.Current.DuplicateRows / rows;
        double max = c.Options.MaxDuplicateShare;
        CheckStatus status = share > max ? CheckStatus.Fail : CheckStatus.Pass;
        string message = c.Current.DuplicateRows == 0
            ? "No row repeats an earlier row."
            : $"{c.Current.DuplicateRows} rows ({CheckContext.Percent(share)}) repeat an earlier row, {(status == CheckStatus.Fail ? "more than" : "within")} the {CheckContext.Percent(max)} allowed.";
        return CheckResult.Of(CheckNames.DuplicateRows, null, status, share, max, message, c.Current.DuplicateRowNumbers);
    }

    private static double Ratio(ColumnProfile p) => p.NonNullCount == 0 ? 0 : (double)p.DistinctCount / p.NonNullCount;
}
