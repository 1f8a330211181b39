using System.Globalization;

namespace Crucible.Stats.Metrics;

/// <summary>
/// Clustering metrics as scikit-learn 1.2 defines them. The internal ones (silhouette, Calinski-Harabasz,
/// Davies-Bouldin) take row-major features [rows, columns] and one cluster label per row, with Euclidean distances; the
/// external ones (adjusted Rand, mutual information and its normalized and adjusted forms, arithmetic mean normalizer)
/// compare two labelings. Labels are any integers (only equality matters).
/// </summary>
public static class ClusteringMetrics
{
    private const double Float64Epsilon = 2.220446049250313e-16;

    /// <summary>
    /// Mean silhouette coefficient over all rows: (b − a) / max(a, b), a the mean distance to the other rows of its own
    /// cluster, b the smallest mean distance to another cluster's rows; 0 for a row alone in its cluster. Needs
    /// 2 ≤ clusters ≤ rows − 1.
    /// </summary>
    public static double Silhouette(ReadOnlySpan<double> features, int columns, ReadOnlySpan<int> labels)
    {
        var (index, sizes) = Check(features, columns, labels);
        var n = labels.Length;
        var k = sizes.Length;
        var sums = new double[k];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            Array.Clear(sums);
            var row = features.Slice(i * columns, columns);
            for (var j = 0; j < n; j++)
            {
                if (j != i)
                {
                    sums[index[j]] += Distance(row, features.Slice(j * columns, columns));
                }
            }

            var own = index[i];
            if (sizes[own] <= 1)
            {
                continue;
            }

            var a = sums[own] / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own)
                {
                    b = Math.Min(b, sums[c] / sizes[c]);
                }
            }

            var s = (b - a) / Math.Max(a, b);
            total += double.IsNaN(s) ? 0 : s;
        }

        return total / n;
    }

    /// <summary>
    /// The variance ratio criterion: between-cluster dispersion / (k − 1) over within-cluster dispersion / (n − k);
    /// 1 when the within-cluster dispersion is zero.
    /// </summary>
    public static double CalinskiHarabasz(ReadOnlySpan<double> features, int columns, ReadOnlySpan<int> labels)
    {
        var (index, sizes) = Check(features, columns, labels);
        var (n, k) = (labels.Length, sizes.Length);
        var centroids = Centroids(features, columns, index, sizes);
        var mean = new double[columns];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                mean[j] += features[(i * columns) + j];
            }
        }

        for (var j = 0; j < columns; j++)
        {
            mean[j] /= n;
        }

        var extra = 0.0;
        for (var c = 0; c < k; c++)
        {
            extra += sizes[c] * SquaredDistance(centroids.AsSpan(c * columns, columns), mean);
        }

        var intra = 0.0;
        for (var i = 0; i < n; i++)
        {
            intra += SquaredDistance(features.Slice(i * columns, columns), centroids.AsSpan(index[i] * columns, columns));
        }

        return intra == 0 ? 1.0 : extra * (n - k) / (intra * (k - 1.0));
    }

    /// <summary>
    /// The mean over clusters of the largest (s_i + s_j) / d_ij, s the mean distance of a cluster's rows to its centroid
    /// and d the distance between centroids (pairs at distance 0 count 0); 0 when every s or every d is (close to) 0.
    /// </summary>
    public static double DaviesBouldin(ReadOnlySpan<double> features, int columns, ReadOnlySpan<int> labels)
    {
        var (index, sizes) = Check(features, columns, labels);
        var k = sizes.Length;
        var centroids = Centroids(features, columns, index, sizes);
        var intra = new double[k];
        for (var i = 0; i < labels.Length; i++)
        {
            intra[index[i]] += Distance(features.Slice(i * columns, columns), centroids.AsSpan(index[i] * columns, columns));
        }

        for (var c = 0; c < k; c++)
        {
            intra[c] /= sizes[c];
        }

        var between = new double[k * k];
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                between[(a * k) + b] = Distance(centroids.AsSpan(a * columns, columns), centroids.AsSpan(b * columns, columns));
            }
        }

        // np.allclose(x, 0): |x| <= 1e-8 everywhere.
        if (intra.All(v => Math.Abs(v) <= 1e-8) || between.All(v => Math.Abs(v) <= 1e-8))
        {
            return 0.0;
        }

        var total = 0.0;
        for (var a = 0; a < k; a++)
        {
            var worst = double.NegativeInfinity;
            for (var b = 0; b < k; b++)
            {
                var d = between[(a * k) + b];
                var score = d == 0 ? 0 : (intra[a] + intra[b]) / d;
                worst = Math.Max(worst, score);
            }

            total += worst;
        }

        return total / k;
    }

    /// <summary>The Rand index adjusted for chance, from the pair confusion matrix; 1 for identical partitions.</summary>
    public static double AdjustedRand(ReadOnlySpan<int> labelsTrue, ReadOnlySpan<int> labelsPred)
    {
        var table = Contingency.Build(labelsTrue, labelsPred);
        var n = (Int128)labelsTrue.Length;
        Int128 squares = 0, rowPairs = 0, columnPairs = 0;
        foreach (var count in table.Cells.Values)
        {
            squares += (Int128)count * count;
        }

        foreach (var ((r, c), count) in table.Cells)
        {
            rowPairs += (Int128)count * table.ColumnSums[c];
            columnPairs += (Int128)count * table.RowSums[r];
        }

        var tp = squares - n;
        var fp = rowPairs - squares;
        var fn = columnPairs - squares;
        var tn = (n * n) - fp - fn - squares;
        if (fn == 0 && fp == 0)
        {
            return 1.0;
        }

        return 2.0 * (double)((tp * tn) - (fn * fp)) / (double)(((tp + fn) * (fn + tn)) + ((tp + fp) * (fp + tn)));
    }

    /// <summary>Mutual information between the two labelings, in nats.</summary>
    public static double MutualInformation(ReadOnlySpan<int> labelsTrue, ReadOnlySpan<int> labelsPred) =>
        MutualInformation(Contingency.Build(labelsTrue, labelsPred));

    /// <summary>Mutual information over the arithmetic mean of the two entropies; 1 when both labelings have one class.</summary>
    public static double NormalizedMutualInformation(ReadOnlySpan<int> labelsTrue, ReadOnlySpan<int> labelsPred)
    {
        var table = Contingency.Build(labelsTrue, labelsPred);
        if (table.RowSums.Length == 1 && table.ColumnSums.Length == 1)
        {
            return 1.0;
        }

        var mi = MutualInformation(table);
        return mi == 0 ? 0.0 : mi / ((Entropy(table.RowSums) + Entropy(table.ColumnSums)) / 2);
    }

    /// <summary>
    /// Mutual information adjusted for chance: (MI − E[MI]) / (mean entropy − E[MI]), the expectation under the
    /// hypergeometric model of random labelings with the same cluster sizes.
    /// </summary>
    public static double AdjustedMutualInformation(ReadOnlySpan<int> labelsTrue, ReadOnlySpan<int> labelsPred)
    {
        var table = Contingency.Build(labelsTrue, labelsPred);
        if (table.RowSums.Length == 1 && table.ColumnSums.Length == 1)
        {
            return 1.0;
        }

        var mi = MutualInformation(table);
        var emi = ExpectedMutualInformation(table.RowSums, table.ColumnSums, labelsTrue.Length);
        var denominator = ((Entropy(table.RowSums) + Entropy(table.ColumnSums)) / 2) - emi;
        denominator = denominator < 0 ? Math.Min(denominator, -Float64Epsilon) : Math.Max(denominator, Float64Epsilon);
        return (mi - emi) / denominator;
    }

    private static double MutualInformation(Contingency table)
    {
        if (table.RowSums.Length == 1 || table.ColumnSums.Length == 1)
        {
            return 0.0;
        }

        double total = table.Total;
        var logTotal = Math.Log(total);
        var sum = 0.0;
        foreach (var ((r, c), count) in table.Cells.OrderBy(e => e.Key.Column).ThenBy(e => e.Key.Row))
        {
            var share = count / total;
            var logOuter = -Math.Log((double)((long)table.RowSums[r] * table.ColumnSums[c])) + logTotal + logTotal;
            var term = (share * (Math.Log(count) - logTotal)) + (share * logOuter);
            sum += Math.Abs(term) < Float64Epsilon ? 0.0 : term;
        }

        return Math.Max(sum, 0.0);
    }

    private static double Entropy(int[] counts)
    {
        if (counts.Length == 1)
        {
            return 0.0;
        }

        double total = counts.Sum(c => (long)c);
        var logTotal = Math.Log(total);
        return -counts.Sum(c => c / total * (Math.Log(c) - logTotal));
    }

    private static double ExpectedMutualInformation(int[] a, int[] b, int samples)
    {
        if (a.Length == 1 || b.Length == 1)
        {
            return 0.0;
        }

        double n = samples;
        var top = Math.Max(a.Max(), b.Max());
        var logN = Math.Log(n);
        var glnN1 = LogGamma(n + 1);
        var emi = 0.0;
        foreach (var ai in a)
        {
            var (logA, glnA, glnNa) = (Math.Log(ai), LogGamma(ai + 1.0), LogGamma(n - ai + 1));
            foreach (var bj in b)
            {
                var (logB, glnB, glnNb) = (Math.Log(bj), LogGamma(bj + 1.0), LogGamma(n - bj + 1));
                var start = Math.Max(1, ai - samples + bj);
                var end = Math.Min(ai, bj);
                for (var nij = start; nij <= end && nij <= top; nij++)
                {
                    var term2 = logN + Math.Log(nij) - logA - logB;
                    var gln = glnA + glnB + glnNa + glnNb - (LogGamma(nij + 1.0) + glnN1)
                        - LogGamma(ai - nij + 1.0) - LogGamma(bj - nij + 1.0) - LogGamma(n - ai - bj + nij + 1);
                    emi += nij / n * term2 * Math.Exp(gln);
                }
            }
        }

        return emi;
    }

    private static double LogGamma(double x) => Distributions.SpecialFunctions.LogGamma(x);

    /// <summary>Checks the inputs of an internal metric; returns each row's dense cluster index and the cluster sizes.</summary>
    private static (int[] Index, int[] Sizes) Check(ReadOnlySpan<double> features, int columns, ReadOnlySpan<int> labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Internal.MetricGuard.NotEmpty(labels.Length, "labels");
        Internal.MetricGuard.SameLength(labels.Length * columns, features.Length, "labels x columns", "features");
        Internal.MetricGuard.Finite(features, "features");
        var index = Dense(labels, out var k);
        if (k < 2 || k > labels.Length - 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Number of clusters is {k}; valid values are 2 to n_samples - 1 ({labels.Length - 1})."), nameof(labels));
        }

        var sizes = new int[k];
        foreach (var c in index)
        {
            sizes[c]++;
        }

        return (index, sizes);
    }

    /// <summary>Dense indices 0..k−1 in sorted label order (as np.unique).</summary>
    internal static int[] Dense(ReadOnlySpan<int> labels, out int count)
    {
        var distinct = new SortedSet<int>();
        foreach (var l in labels)
        {
            distinct.Add(l);
        }

        var map = new Dictionary<int, int>();
        foreach (var l in distinct)
        {
            map[l] = map.Count;
        }

        count = map.Count;
        var result = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            result[i] = map[labels[i]];
        }

        return result;
    }

    private static double[] Centroids(ReadOnlySpan<double> features, int columns, int[] index, int[] sizes)
    {
        var centroids = new double[sizes.Length * columns];
        for (var i = 0; i < index.Length; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                centroids[(index[i] * columns) + j] += features[(i * columns) + j];
            }
        }

        for (var c = 0; c < sizes.Length; c++)
        {
            for (var j = 0; j < columns; j++)
            {
                centroids[(c * columns) + j] /= sizes[c];
            }
        }

        return centroids;
    }

    /// <summary>The squared Euclidean distance between two points of the same length (k-means' inertia and assignment use it too).</summary>
    public static double SquaredDistance(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var sum = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            var d = x[j] - y[j];
            sum += d * d;
        }

        return sum;
    }

    private static double Distance(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => Math.Sqrt(SquaredDistance(x, y));

    /// <summary>The contingency table of two labelings: non-zero cells, row (true) and column (predicted) sums.</summary>
    private sealed class Contingency
    {
        private Contingency(Dictionary<(int Row, int Column), int> cells, int[] rowSums, int[] columnSums, int total)
        {
            Cells = cells;
            RowSums = rowSums;
            ColumnSums = columnSums;
            Total = total;
        }

        public Dictionary<(int Row, int Column), int> Cells { get; }

        public int[] RowSums { get; }

        public int[] ColumnSums { get; }

        public int Total { get; }

        public static Contingency Build(ReadOnlySpan<int> labelsTrue, ReadOnlySpan<int> labelsPred)
        {
            Internal.MetricGuard.SameLength(labelsTrue.Length, labelsPred.Length, "labelsTrue", "labelsPred");
            var rows = Dense(labelsTrue, out var r);
            var columns = Dense(labelsPred, out var c);
            var cells = new Dictionary<(int, int), int>();
            var (rowSums, columnSums) = (new int[r], new int[c]);
            for (var i = 0; i < rows.Length; i++)
            {
                var key = (rows[i], columns[i]);
                cells[key] = cells.GetValueOrDefault(key) + 1;
                rowSums[rows[i]]++;
                columnSums[columns[i]]++;
            }

            return new Contingency(cells, rowSums, columnSums, rows.Length);
        }
    }
}
