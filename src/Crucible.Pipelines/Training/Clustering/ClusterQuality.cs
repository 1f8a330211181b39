using Crucible.Stats.Metrics;

namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// The internal quality of a labelling in the model's space, by scikit-learn's definitions: <c>silhouette</c> (on a
/// seeded sample of at most <see cref="SilhouetteRows"/> rows, as sklearn's <c>sample_size</c>, since it costs rows²),
/// <c>calinski_harabasz</c> and <c>davies_bouldin</c>. Empty when the labelling has fewer than 2 segments.
/// </summary>
internal static class ClusterQuality
{
    public const int SilhouetteRows = 2000;

    public static Dictionary<string, double> Compute(double[] z, int rows, int columns, int[] labels, int seed)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var distinct = labels.Distinct().Count();
        if (distinct < 2 || distinct > rows - 1)
        {
            return result;
        }

        result["calinski_harabasz"] = ClusteringMetrics.CalinskiHarabasz(z, columns, labels);
        result["davies_bouldin"] = ClusteringMetrics.DaviesBouldin(z, columns, labels);
        if (rows <= SilhouetteRows)
        {
            result["silhouette"] = ClusteringMetrics.Silhouette(z, columns, labels);
            return result;
        }

        var sample = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(sample);
        sample = sample[..SilhouetteRows];
        var x = new double[SilhouetteRows * columns];
        var l = new int[SilhouetteRows];
        for (var i = 0; i < sample.Length; i++)
        {
            z.AsSpan(sample[i] * columns, columns).CopyTo(x.AsSpan(i * columns, columns));
            l[i] = labels[sample[i]];
        }

        if (l.Distinct().Count() is var k && k >= 2 && k < SilhouetteRows)
        {
            result["silhouette"] = ClusteringMetrics.Silhouette(x, columns, l);
        }

        return result;
    }

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="best"/> on <paramref name="metric"/> (Davies-Bouldin and BIC: lower is better).</summary>
    public static bool Better(string metric, double candidate, double best) =>
        double.IsNaN(best) || (metric is "davies_bouldin" or "bic" ? candidate < best : candidate > best);
}
