using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Harness;

/// <summary>
/// Fairlearn's between-group disparities and Aequitas' 80% rule over a sensitive column (binary classification).
/// With rates r_g over the measured groups: difference = max r_g - min r_g and ratio = min r_g / max r_g (NaN for 0/0).
/// Demographic parity uses the selection rate; equalized odds takes the worst case: the larger of the TPR and FPR
/// differences and the smaller of their ratios; equal opportunity uses the TPR alone. Groups smaller than the minimum
/// slice size are reported but not measured.
/// </summary>
internal static class FairnessCalculator
{
    public static FairnessResult Compute(PredictionTable table, EvaluationSpec spec, string column)
    {
        if (table.Task != EvaluationTask.Binary)
        {
            throw new EvaluationInputException("Fairness is measured for the binary task only.", null, column);
        }

        var groups = SliceBuilder.Groups(table, column, spec, allowBins: false);
        var measured = groups.Where(g => g.Rows.Length >= spec.MinSliceSize).ToList();
        var groupOf = GroupIndex(table.RowCount, measured);
        var all = Enumerable.Range(0, table.RowCount).ToArray();
        var rates = Rates(table, all, groupOf, measured.Count);
        var reference = measured.Count == 0 ? -1 : measured.IndexOf(measured.MaxBy(g => g.Rows.Length)!);
        var groupResults = new List<FairnessGroup>(groups.Count);
        var allFair = measured.Count > 0;
        foreach (var group in groups)
        {
            var index = measured.IndexOf(group);
            if (index < 0)
            {
                groupResults.Add(new FairnessGroup { Group = group.Value, Count = group.Rows.Length, Skipped = true });
                continue;
            }

            var disparity = rates[index].Selection / rates[reference].Selection;
            var fair = disparity >= spec.FairnessTau && disparity <= 1.0 / spec.FairnessTau;
            allFair &= fair;
            groupResults.Add(new FairnessGroup
            {
                Group = group.Value, Count = group.Rows.Length, SelectionRate = rates[index].Selection,
                TruePositiveRate = rates[index].Tpr, FalsePositiveRate = rates[index].Fpr, Disparity = disparity, Fair = fair,
            });
        }

        var intervals = BootstrapEstimator.Intervals(
            all, spec.Bootstrap, rows => Disparities(Rates(table, rows, groupOf, measured.Count)));
        return new FairnessResult
        {
            SensitiveColumn = column, ReferenceGroup = reference < 0 ? null : measured[reference].Value, Tau = spec.FairnessTau,
            Metrics = Disparities(rates), Intervals = intervals, Groups = groupResults, AllGroupsFair = allFair,
        };
    }

    internal static Dictionary<string, double> Disparities(IReadOnlyList<(double Selection, double Tpr, double Fpr)> rates)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (rates.Count == 0)
        {
            return result;
        }

        var selection = Spread(rates.Select(r => r.Selection));
        var tpr = Spread(rates.Select(r => r.Tpr));
        var fpr = Spread(rates.Select(r => r.Fpr));
        result[FairnessNames.DemographicParityDifference] = selection.Difference;
        result[FairnessNames.DemographicParityRatio] = selection.Ratio;
        result[FairnessNames.EqualizedOddsDifference] = Math.Max(tpr.Difference, fpr.Difference);
        result[FairnessNames.EqualizedOddsRatio] = double.IsNaN(tpr.Ratio) || double.IsNaN(fpr.Ratio) ? double.NaN : Math.Min(tpr.Ratio, fpr.Ratio);
        result[FairnessNames.EqualOpportunityDifference] = tpr.Difference;
        result[FairnessNames.EqualOpportunityRatio] = tpr.Ratio;
        return result;
    }

    private static (double Difference, double Ratio) Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        var min = list.Min();
        var max = list.Max();
        return (max - min, min / max);
    }

    private static int[] GroupIndex(int rowCount, List<RowGroup> groups)
    {
        var groupOf = new int[rowCount];
        Array.Fill(groupOf, -1);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var r in groups[g].Rows)
            {
                groupOf[r] = g;
            }
        }

        return groupOf;
    }

    /// <summary>Selection rate, TPR and FPR per group over <paramref name="rows"/> (repeats count again).</summary>
    private static List<(double Selection, double Tpr, double Fpr)> Rates(PredictionTable table, int[] rows, int[] groupOf, int groupCount)
    {
        var tally = new double[groupCount, 4];
        foreach (var r in rows)
        {
            var g = groupOf[r];
            if (g < 0)
            {
                continue;
            }

            var w = table.Weights?[r] ?? 1.0;
            var cell = (table.Labels[r] == 1 ? 2 : 0) + (table.Predicted[r] == 1 ? 1 : 0);
            tally[g, cell] += w;
        }

        var result = new List<(double, double, double)>(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            double tn = tally[g, 0], fp = tally[g, 1], fn = tally[g, 2], tp = tally[g, 3];
            var total = tn + fp + fn + tp;
            result.Add((total == 0 ? double.NaN : (tp + fp) / total, tp + fn == 0 ? 0.0 : tp / (tp + fn), fp + tn == 0 ? 0.0 : fp / (fp + tn)));
        }

        return result;
    }
}
