using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Poisoning signal: rows whose label differs from the label all of their k nearest neighbours agree on.
/// Numeric features only, standardized (z-scores over the sample; missing → the mean), Euclidean distance,
/// brute force over at most <see cref="CheckOptions.NeighbourSampleSize"/> rows of the seeded sample.
/// Requiring unanimous neighbours keeps ordinary class overlap from raising it.
/// </summary>
internal static class NeighbourCheck
{
    public static IEnumerable<CheckResult> Run(CheckContext c)
    {
        int k = c.Options.Neighbours;
        int[] features = [.. c.NumericFeatures];
        var rows = c.Current.Sample.Where(r => r.Cells[c.LabelIndex] is not null).Take(c.Options.NeighbourSampleSize).ToList();
        if (!c.IsClassification || features.Length == 0 || rows.Count <= k)
        {
            yield break;
        }

        double[][] x = Standardize(rows, features);
        string[] y = [.. rows.Select(r => r.Cells[c.LabelIndex]!)];
        var flagged = new List<long>();
        var nearest = new (double Distance, int Index)[k];
        for (int i = 0; i < rows.Count; i++)
        {
            Nearest(x, i, nearest);
            string first = y[nearest[0].Index];
            if (first != y[i] && nearest.All(n => y[n.Index] == first))
            {
                flagged.Add(rows[i].Row);
            }
        }

        double share = (double)flagged.Count / rows.Count;
        double max = c.Options.MaxNeighbourDisagreement;
        CheckStatus status = share > max ? CheckStatus.Warn : CheckStatus.Pass;
        flagged.Sort();
        string message = status == CheckStatus.Warn
            ? $"{flagged.Count} of {rows.Count} sampled rows ({CheckContext.Percent(share)}) carry a label that all {k} nearest neighbours disagree with: possible label flips or poisoning."
            : $"{flagged.Count} of {rows.Count} sampled rows disagree with all {k} nearest neighbours, within the {CheckContext.Percent(max)} allowed.";
        yield return CheckResult.Of(CheckNames.LabelNeighbourDisagreement, c.Current.Label, status, share, max, message,
            status == CheckStatus.Warn ? flagged.Take(DatasetScan.MaxListedRows).ToList() : []);
    }

    private static double[][] Standardize(List<SampledRow> rows, int[] features)
    {
        var x = new double[rows.Count][];
        for (int r = 0; r < rows.Count; r++)
        {
            x[r] = [.. features.Select(f => CheckContext.Parse(rows[r].Cells[f]))];
        }

        for (int j = 0; j < features.Length; j++)
        {
            double[] column = [.. x.Select(v => v[j]).Where(v => !double.IsNaN(v))];
            double mean = column.Length == 0 ? 0 : column.Average();
            double sd = column.Length < 2 ? 0 : Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / (column.Length - 1));
            foreach (double[] v in x)
            {
                v[j] = double.IsNaN(v[j]) || sd == 0 ? 0 : (v[j] - mean) / sd;
            }
        }

        return x;
    }

    // Keeps the k smallest distances in a small sorted array (insertion), O(n·k) per row.
    private static void Nearest(double[][] x, int i, (double Distance, int Index)[] nearest)
    {
        Array.Fill(nearest, (double.PositiveInfinity, -1));
        double[] a = x[i];
        for (int j = 0; j < x.Length; j++)
        {
            if (j == i)
            {
                continue;
            }

            double d = 0;
            double[] b = x[j];
            for (int f = 0; f < a.Length; f++)
            {
                double diff = a[f] - b[f];
                d += diff * diff;
            }

            if (d >= nearest[^1].Distance)
            {
                continue;
            }

            int p = nearest.Length - 1;
            while (p > 0 && nearest[p - 1].Distance > d)
            {
                nearest[p] = nearest[p - 1];
                p--;
            }

            nearest[p] = (d, j);
        }
    }
}
