using System.Text.Json;
using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

/// <summary>Clustering metrics against golden/clustering_golden.json, made by golden/make_clustering_golden.py from scikit-learn.</summary>
public sealed class GoldenClusteringTests
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Metrics", "golden", "clustering_golden.json"))).RootElement);

    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in Root.Value.GetProperty("cases").EnumerateArray())
            {
                data.Add(c.GetProperty("name").GetString()!);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClusteringMetrics_GoldenCase_MatchSklearn(string name)
    {
        var c = Root.Value.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var x = MetricsGolden.Doubles(c.GetProperty("features"));
        var columns = c.GetProperty("columns").GetInt32();
        var predicted = MetricsGolden.Ints(c.GetProperty("labels_pred"));
        var truth = MetricsGolden.Ints(c.GetProperty("labels_true"));

        void Check(string metric, double actual) => MetricAssert.Close(MetricsGolden.Expected(c, metric), actual, metric);

        Check("silhouette", ClusteringMetrics.Silhouette(x, columns, predicted));
        Check("calinski_harabasz", ClusteringMetrics.CalinskiHarabasz(x, columns, predicted));
        Check("davies_bouldin", ClusteringMetrics.DaviesBouldin(x, columns, predicted));
        Check("adjusted_rand", ClusteringMetrics.AdjustedRand(truth, predicted));
        Check("mutual_information", ClusteringMetrics.MutualInformation(truth, predicted));
        Check("normalized_mutual_information", ClusteringMetrics.NormalizedMutualInformation(truth, predicted));
        Check("adjusted_mutual_information", ClusteringMetrics.AdjustedMutualInformation(truth, predicted));
    }

    [Fact]
    public void Internal_metrics_refuse_a_single_cluster_naming_the_valid_range()
    {
        var e = Assert.Throws<ArgumentException>(() => ClusteringMetrics.Silhouette([1, 2, 3], 1, [4, 4, 4]));
        Assert.Contains("Number of clusters is 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_partitions_under_renamed_labels_score_one()
    {
        int[] a = [0, 0, 1, 1, 2, 2];
        int[] b = [5, 5, -1, -1, 9, 9];
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRand(a, b));
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation(a, b), 12);
        Assert.Equal(1.0, ClusteringMetrics.AdjustedMutualInformation(a, b), 12);
    }
}
