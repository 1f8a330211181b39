using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Predictive power of one feature for a class label, in the spirit of the predictive power score:
/// two-fold cross-validated accuracy of a lookup model (feature value, or decile bin for numeric
/// features → majority label; unseen values → majority class), normalized as
/// (accuracy − baseline) / (1 − baseline) where the baseline always predicts the majority class.
/// 0 means no better than the baseline, 1 perfect. Identifiers score near 0: their values never repeat across folds.
/// </summary>
internal static class LeakageScorer
{
    private const int Bins = 10;

    public static double Score(IReadOnlyList<SampledRow> sample, int feature, int label, ColumnProfile profile)
    {
        var rows = sample.Where(r => r.Cells[label] is not null).ToList();
        if (rows.Count < 10)
        {
            return 0;
        }

        Func<string?, string> key = Keyer(rows, feature, profile);
        long correct = 0;
        long baseline = 0;
        for (int fold = 0; fold < 2; fold++)
        {
            var table = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            var overall = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int r = 0; r < rows.Count; r++)
            {
                if (r % 2 != fold)
                {
                    string y = rows[r].Cells[label]!;
                    string k = key(rows[r].Cells[feature]);
                    if (!table.TryGetValue(k, out var counts))
                    {
                        table[k] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                    }

                    counts[y] = counts.GetValueOrDefault(y) + 1;
                    overall[y] = overall.GetValueOrDefault(y) + 1;
                }
            }

            string majority = Majority(overall);
            var predictions = table.ToDictionary(kv => kv.Key, kv => Majority(kv.Value), StringComparer.Ordinal);
            for (int r = fold; r < rows.Count; r += 2)
            {
                string y = rows[r].Cells[label]!;
                string predicted = predictions.GetValueOrDefault(key(rows[r].Cells[feature]), majority);
                correct += predicted == y ? 1 : 0;
                baseline += majority == y ? 1 : 0;
            }
        }

        double accuracy = (double)correct / rows.Count;
        double base0 = (double)baseline / rows.Count;
        return base0 >= 1 ? 0 : Math.Clamp((accuracy - base0) / (1 - base0), 0, 1);
    }

    private static Func<string?, string> Keyer(List<SampledRow> rows, int feature, ColumnProfile profile)
    {
        if (profile.Role != ColumnRole.Numeric && !(profile.Role == ColumnRole.Id && profile.Type == ColumnType.Integer))
        {
            return cell => cell ?? "\0";
        }

        double[] values = [.. rows.Select(r => CheckContext.Parse(r.Cells[feature])).Where(v => !double.IsNaN(v)).Order()];
        if (values.Length == 0)
        {
            return cell => cell ?? "\0";
        }

        double[] edges = [.. Enumerable.Range(1, Bins - 1).Select(b => values[b * (values.Length - 1) / Bins]).Distinct()];
        return cell =>
        {
            double v = CheckContext.Parse(cell);
            if (double.IsNaN(v))
            {
                return "\0";
            }

            int bin = Array.BinarySearch(edges, v);
            return (bin < 0 ? ~bin : bin).ToString(System.Globalization.CultureInfo.InvariantCulture);
        };
    }

    // Ties break on the label text so that results do not depend on dictionary order.
    private static string Majority(Dictionary<string, int> counts) =>
        counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
}
