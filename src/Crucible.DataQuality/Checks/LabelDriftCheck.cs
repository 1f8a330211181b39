using Crucible.DataQuality.Profiling;
using Crucible.Stats.Drift;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Label distribution shift against the reference with Crucible.Stats' default drift test (Evidently's
/// rule: chi-square / z-test / KS for references up to 1,000 rows, Jensen–Shannon / Wasserstein beyond).
/// Class labels use exact class counts; regression labels the sampled values.
/// </summary>
internal static class LabelDriftCheck
{
    public static CheckResult? Run(CheckContext c, DatasetScan reference)
    {
        if (reference.LabelIndex < 0)
        {
            return null;
        }

        DriftTestResult result;
        if (c.IsClassification)
        {
            string[] classes = [.. reference.LabelCounts.Keys.Union(c.Current.LabelCounts.Keys).Order(StringComparer.Ordinal)];
            if (classes.Length == 0)
            {
                return null;
            }

            var table = new CategoryTable(
                [.. classes.Select(k => (double)reference.LabelCounts.GetValueOrDefault(k))],
                [.. classes.Select(k => (double)c.Current.LabelCounts.GetValueOrDefault(k))]);
            long n = reference.LabelCounts.Values.Sum();
            DriftTestChoice choice = DriftTestSelector.Default(n, DriftColumnType.Categorical, classes.Length);
            var calculator = new DriftCalculator(new DriftTestSettings { Test = choice.Test, Threshold = choice.Threshold, ColumnType = DriftColumnType.Categorical });
            result = calculator.Compute(table);
        }
        else
        {
            double[] r = Values(reference.Sample, reference.LabelIndex);
            double[] x = Values(c.Current.Sample, c.LabelIndex);
            if (r.Length == 0 || x.Length == 0)
            {
                return null;
            }

            long unique = r.Concat(x).Distinct().LongCount();
            DriftTestChoice choice = DriftTestSelector.Default(reference.Profile.RowCount, DriftColumnType.Numerical, unique);
            var calculator = new DriftCalculator(new DriftTestSettings { Test = choice.Test, Threshold = choice.Threshold });
            result = calculator.Compute(r, x);
        }

        string measure = result.PValue is { } p ? $"p-value {CheckContext.Number(p)}" : $"distance {CheckContext.Number(result.Statistic)}";
        string message = result.Drift
            ? $"The label distribution moved away from the reference ({result.Test}, {measure}, threshold {CheckContext.Number(result.Threshold)})."
            : $"The label distribution matches the reference ({result.Test}, {measure}, threshold {CheckContext.Number(result.Threshold)}).";
        return CheckResult.Of(CheckNames.LabelDrift, c.Current.Label, result.Drift ? CheckStatus.Warn : CheckStatus.Pass,
            result.PValue ?? result.Statistic, result.Threshold, message);
    }

    private static double[] Values(List<SampledRow> sample, int column) =>
        [.. sample.Select(r => CheckContext.Parse(r.Cells[column])).Where(v => !double.IsNaN(v))];
}
