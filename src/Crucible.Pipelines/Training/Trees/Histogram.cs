namespace Crucible.Pipelines.Training.Trees;

/// <summary>Sums of gradients and hessians and the row count falling in one bin of one feature.</summary>
internal struct HistogramBin
{
    public double Gradient;
    public double Hessian;
    public int Count;
}

/// <summary>
/// A node's histograms, <see cref="Stride"/> bins per feature. Built from the node's rows (features in parallel when
/// the work is large enough), or as parent minus sibling.
/// </summary>
internal static class Histogram
{
    public const int Stride = 256;

    private const long ParallelWork = 1 << 16;

    /// <summary>
    /// Histograms of the rows <c>rows[start..start+count)</c>, whose gradients and hessians are stored at the same
    /// positions. <paramref name="bins"/> is column-major [feature][row] over <paramref name="n"/> rows.
    /// </summary>
    public static void Build(HistogramBin[] hist, byte[] bins, int n, int features, int[] rows, int start, int count, double[] gradients, double[] hessians)
    {
        Array.Clear(hist);
        void One(int f)
        {
            var column = bins.AsSpan(f * n, n);
            var h = hist.AsSpan(f * Stride, Stride);
            var node = rows.AsSpan(start, count);
            for (var k = 0; k < node.Length; k++)
            {
                ref var bin = ref h[column[node[k]]];
                bin.Gradient += gradients[start + k];
                bin.Hessian += hessians[start + k];
                bin.Count++;
            }
        }

        if ((long)count * features >= ParallelWork)
        {
            Parallel.For(0, features, One);
        }
        else
        {
            for (var f = 0; f < features; f++)
            {
                One(f);
            }
        }
    }

    /// <summary>result = parent − child, bin by bin.</summary>
    public static void Subtract(HistogramBin[] parent, HistogramBin[] child, HistogramBin[] result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i].Gradient = parent[i].Gradient - child[i].Gradient;
            result[i].Hessian = parent[i].Hessian - child[i].Hessian;
            result[i].Count = parent[i].Count - child[i].Count;
        }
    }
}
