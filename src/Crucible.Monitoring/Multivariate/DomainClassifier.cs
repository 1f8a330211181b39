using Crucible.Stats.Metrics;
using Crucible.Stats.Models;

namespace Crucible.Monitoring.Multivariate;

/// <summary>
/// A domain classifier: an L2 logistic regression over the scaled columns, their squares and (for up to
/// <see cref="MaxInteractionColumns"/> columns) their pairwise products, so a change of correlation that leaves every
/// marginal alone is still separable. Each side is sampled down to the row cap (seeded), rows are assigned to
/// stratified folds (seeded), and the ROC AUC of the pooled out-of-fold scores is the drift score: 0.5 means the two
/// sets cannot be told apart.
/// </summary>
internal static class DomainClassifier
{
    public const int MaxInteractionColumns = 12;

    public static DomainClassifierDrift Compute(double[] reference, int referenceRows, double[] current, int currentRows, int width, MultivariateOptions options)
    {
        var random = new Random(options.Seed);
        int[] refRows = Sample(referenceRows, options.MaxClassifierRows, random);
        int[] curRows = Sample(currentRows, options.MaxClassifierRows, random);
        if (refRows.Length < options.Folds || curRows.Length < options.Folds)
        {
            throw new ArgumentException($"The domain classifier needs at least {options.Folds} rows on each side (one per fold).");
        }

        int n = refRows.Length + curRows.Length;
        (double[] x, int q) = Expand(reference, refRows, current, curRows, width);
        var y = new int[n];
        Array.Fill(y, 1, refRows.Length, curRows.Length);
        double[] labels = [.. y.Select(v => (double)v)];
        var penalties = new double[q];
        Array.Fill(penalties, options.L2);
        // Full Newton steps until no coefficient moves by 1e-8 (at most 50), as the drift thresholds were calibrated.
        var fitOptions = new LogisticFitOptions(penalties, MaxIterations: 50, GradientTolerance: 0, StepTolerance: 1e-8);
        int[] fold = Folds(refRows.Length, curRows.Length, options.Folds, random);
        var scores = new double[n];
        for (int f = 0; f < options.Folds; f++)
        {
            List<int> train = [.. Enumerable.Range(0, n).Where(i => fold[i] != f)];
            LogisticFit model = PenalizedLogisticRegression.Fit(x, q, labels, train, fitOptions);
            for (int i = 0; i < n; i++)
            {
                if (fold[i] == f)
                {
                    scores[i] = model.Score(x, i);
                }
            }
        }

        double auc = RankingMetrics.RocAuc(y, scores);
        double n1 = refRows.Length, n2 = curRows.Length;
        double threshold = options.AucThreshold ?? Math.Min(1, 0.5 + (options.Sigmas * Math.Sqrt((n1 + n2 + 1) / (12 * n1 * n2))));
        return new DomainClassifierDrift(auc, threshold, auc >= threshold, refRows.Length, curRows.Length, options.Folds, q);
    }

    /// <summary>All rows in order, or <paramref name="cap"/> of them drawn without replacement (sorted).</summary>
    private static int[] Sample(int rows, int cap, Random random)
    {
        int[] all = [.. Enumerable.Range(0, rows)];
        if (rows <= cap)
        {
            return all;
        }

        for (int i = 0; i < cap; i++)
        {
            int j = random.Next(i, rows);
            (all[i], all[j]) = (all[j], all[i]);
        }

        int[] picked = all[..cap];
        Array.Sort(picked);
        return picked;
    }

    /// <summary>Stratified folds: each class shuffled, then dealt round-robin.</summary>
    private static int[] Folds(int negatives, int positives, int folds, Random random)
    {
        var fold = new int[negatives + positives];
        foreach ((int start, int count) in new[] { (0, negatives), (negatives, positives) })
        {
            int[] order = [.. Enumerable.Range(start, count)];
            random.Shuffle(order);
            for (int k = 0; k < order.Length; k++)
            {
                fold[order[k]] = k % folds;
            }
        }

        return fold;
    }

    /// <summary>Columns, squares and pairwise products, each standardized over the combined sample.</summary>
    private static (double[] X, int Q) Expand(double[] reference, int[] refRows, double[] current, int[] curRows, int p)
    {
        bool pairs = p <= MaxInteractionColumns;
        int q = p + p + (pairs ? p * (p - 1) / 2 : 0);
        int n = refRows.Length + curRows.Length;
        var x = new double[n * q];
        for (int i = 0; i < n; i++)
        {
            (double[] source, int r) = i < refRows.Length ? (reference, refRows[i]) : (current, curRows[i - refRows.Length]);
            int o = i * q, k = 0;
            for (int a = 0; a < p; a++)
            {
                x[o + k++] = source[(r * p) + a];
            }

            for (int a = 0; a < p; a++)
            {
                double v = source[(r * p) + a];
                x[o + k++] = v * v;
            }

            for (int a = 0; pairs && a < p; a++)
            {
                for (int b = a + 1; b < p; b++)
                {
                    x[o + k++] = source[(r * p) + a] * source[(r * p) + b];
                }
            }
        }

        for (int j = 0; j < q; j++)
        {
            double sum = 0, ss = 0;
            for (int i = 0; i < n; i++)
            {
                sum += x[(i * q) + j];
            }

            double mean = sum / n;
            for (int i = 0; i < n; i++)
            {
                double d = x[(i * q) + j] - mean;
                ss += d * d;
            }

            double std = Math.Sqrt(ss / n);
            std = std > 0 ? std : 1;
            for (int i = 0; i < n; i++)
            {
                x[(i * q) + j] = (x[(i * q) + j] - mean) / std;
            }
        }

        return (x, q);
    }
}
