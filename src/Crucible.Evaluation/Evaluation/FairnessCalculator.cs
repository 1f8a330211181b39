using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Evaluation;

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
        var rates = Rates(table, measured.Select(g => g.Rows).ToList());
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
            [.. Enumerable.Range(0, table.RowCount)],
            spec.Bootstrap,
            rows => Disparities(Rates(table, measured.Select(g => Resampled(g.Rows, rows, table.RowCount)).ToList())));
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

    /// <summary>The resampled rows (with repeats) that belong to a group.</summary>
    private static int[] Resampled(int[] groupRows, int[] resample, int rowCount)
    {
        var member = new bool[rowCount];
        foreach (var r in groupRows)
        {
            member[r] = true;
        }

        return [.. resample.Where(r => member[r])];
    }

    private static List<(double Selection, double Tpr, double Fpr)> Rates(PredictionTable table, List<int[]> groups)
    {
        var result = new List<(double, double, double)>(groups.Count);
        foreach (var rows in groups)
        {
            double total = 0, selected = 0, tp = 0, fn = 0, fp = 0, tn = 0;
            foreach (var r in rows)
            {
                var w = table.Weights?[r] ?? 1.0;
                var predicted = table.Predicted[r] == 1;
                total += w;
                selected += predicted ? w : 0.0;
                if (table.Labels[r] == 1)
                {
                    tp += predicted ? w : 0.0;
                    fn += predicted ? 0.0 : w;
                }
                else
                {
                    fp += predicted ? w : 0.0;
                    tn += predicted ? 0.0 : w;
                }
            }

            result.Add((total == 0 ? double.NaN : selected / total, tp + fn == 0 ? 0.0 : tp / (tp + fn), fp + tn == 0 ? 0.0 : fp / (fp + tn)));
        }

        return result;
    }
}
