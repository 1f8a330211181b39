using Crucible.Stats.Drift;

namespace Crucible.Monitoring.Drift;

/// <summary>Shared steps of profile and raw drift: column choice, test choice, dataset verdict.</summary>
internal static class DriftAssembly
{
    public static IReadOnlyList<string> ColumnsToCompare(IEnumerable<string> reference, IEnumerable<string> current, DriftOptions options)
    {
        var r = new HashSet<string>(reference, StringComparer.Ordinal);
        var c = new HashSet<string>(current, StringComparer.Ordinal);
        if (options.Columns is { } wanted)
        {
            foreach (string name in wanted)
            {
                if (!r.Contains(name) || !c.Contains(name))
                {
                    throw new ArgumentException($"Column '{name}' is missing from the {(r.Contains(name) ? "current" : "reference")} data.");
                }
            }

            return wanted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }

        return r.Where(c.Contains).Order(StringComparer.Ordinal).ToList();
    }

    public static DriftTestChoice Choose(DriftOptions options, string column, long referenceRows, bool numeric, long unique)
    {
        string? test = options.TestFor(column);
        DriftTestChoice choice = test is null
            ? DriftTestSelector.Default(referenceRows, numeric ? DriftColumnType.Numerical : DriftColumnType.Categorical, unique)
            : new DriftTestChoice(test, DriftTestCatalog.Get(test).DefaultThreshold);
        return options.Threshold is { } t ? choice with { Threshold = t } : choice;
    }

    public static DriftCalculator Calculator(DriftTestChoice choice, bool numeric) =>
        new(new DriftTestSettings
        {
            Test = choice.Test,
            Threshold = choice.Threshold,
            ColumnType = numeric ? DriftColumnType.Numerical : DriftColumnType.Categorical,
        });

    public static bool LooksLikeText(long strings, double distinct) => strings >= 50 && distinct > 0.9 * strings;

    public static DriftReport Finish(
        List<(ColumnDrift Column, DriftTestResult Result)> tested,
        List<SkippedColumn> skipped,
        DriftOptions options,
        long referenceRows,
        long currentRows,
        string source)
    {
        DatasetDriftResult verdict = DatasetDrift.Evaluate(
            tested.Select(t => new KeyValuePair<string, DriftTestResult>(t.Column.Column, t.Result)).ToList(),
            options.Correction,
            options.DriftShare);
        var columns = tested.Select((t, i) => t.Column with { Drift = verdict.Columns[i].Value.Drift }).ToList();
        return new DriftReport(
            columns, skipped, verdict.DriftedColumns, verdict.Share, verdict.DriftShare, verdict.Drift,
            options.Correction.ToString().ToLowerInvariant(), referenceRows, currentRows, source);
    }
}
