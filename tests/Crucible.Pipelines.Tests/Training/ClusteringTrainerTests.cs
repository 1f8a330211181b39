using System.Globalization;
using System.Text;
using System.Text.Json;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Pipelines.Training;
using Crucible.Pipelines.Training.Clustering;

namespace Crucible.Pipelines.Tests.Training;

/// <summary>
/// k-means and the Gaussian mixture: Lloyd's inertia against scikit-learn's from the same initial centers
/// (golden/kmeans_golden.json, made by golden/make_kmeans_golden.py), the ONNX export run by ONNX Runtime against the
/// in-process assignments, choosing k, and known segments recovered.
/// </summary>
public sealed class ClusteringTrainerTests
{
    public static TheoryData<string> GoldenCases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in Golden.Value.GetProperty("cases").EnumerateArray())
            {
                data.Add(c.GetProperty("name").GetString()!);
            }

            return data;
        }
    }

    private static readonly Lazy<JsonElement> Golden = new(() =>
        JsonDocument.Parse(File.ReadAllText(TrainingFixtures.GoldenPath("kmeans_golden.json"))).RootElement);

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Lloyd_from_the_same_initial_centers_matches_sklearn_inertia_labels_and_centers(string name)
    {
        var c = Golden.Value.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        double[] Doubles(string p) => [.. c.GetProperty(p).EnumerateArray().Select(v => v.GetDouble())];
        var x = Doubles("features");
        var d = c.GetProperty("columns").GetInt32();
        var k = c.GetProperty("k").GetInt32();
        var result = KMeans.Lloyd(x, x.Length / d, d, Doubles("init"), k, c.GetProperty("max_iter").GetInt32(), 1e-4, CancellationToken.None);

        var expected = c.GetProperty("inertia").GetDouble();
        Assert.True(Math.Abs(result.Inertia - expected) <= 1e-6 * Math.Max(1, expected), $"inertia {result.Inertia:R} vs sklearn {expected:R}");
        Assert.Equal(c.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()), result.Labels);
        Assert.Equal(c.GetProperty("n_iter").GetInt32(), result.Iterations);
        var centers = Doubles("centers");
        for (var i = 0; i < centers.Length; i++)
        {
            Assert.Equal(centers[i], result.Centers[i], 1e-9 * Math.Max(1, Math.Abs(centers[i])));
        }
    }

    [Theory]
    [InlineData("kmeans", "distances", "4")]
    [InlineData("kmeans", "distances", "0")]
    [InlineData("gaussian_mixture", "probabilities", "4")]
    public void Onnx_outputs_equal_in_process_assignments(string name, string scores, string clusters)
    {
        var data = Customers(1200, 5);
        var trainer = Trainers.Create(name);
        var parameters = TrainingFixtures.Params(("n_clusters", clusters), ("seed", "3"));
        var trained = trainer.Train(data, null, parameters, null, CancellationToken.None);
        var model = (IClusteringModel)TrainerInternals.Fit(trainer, data, null, parameters);
        var expected = model.Assign(data.Features, data.RowCount);
        var k = model.Clusters;
        Assert.Equal(k, (int)trained.Metrics["n_clusters"]);

        using var session = new OnnxSession(trained.Onnx);
        var outputs = session.Run([KeyValuePair.Create("input", (OnnxTensor)OnnxTensor.FromArray(data.Features, data.RowCount, data.FeatureNames.Count))]);
        Assert.Equal(expected.Select(l => (long)l), outputs["label"].AsTensor().ToArray<long>());
        var score = outputs[scores].AsTensor();
        Assert.Equal(new long[] { data.RowCount, k }, score.Shape);
        var actual = score.ToArray<float>();
        var inProcess = model is KMeansModel km ? km.Distances(data.Features, data.RowCount) : ((GaussianMixtureModel)model).Responsibilities(data.Features, data.RowCount);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(inProcess[i], actual[i], 1e-4 * Math.Max(1, Math.Abs(inProcess[i])));
        }
    }

    [Theory]
    [InlineData("kmeans", "silhouette")]
    [InlineData("kmeans", "calinski_harabasz")]
    [InlineData("kmeans", "davies_bouldin")]
    [InlineData("gaussian_mixture", "bic")]
    public void Choosing_k_finds_the_planted_number_of_segments_and_recovers_them(string name, string selectBy)
    {
        var data = Customers(900, 8);
        var trained = Trainers.Create(name).Train(data, "segment", TrainingFixtures.Params(("select_by", selectBy), ("k_max", "7")), null, CancellationToken.None);
        Assert.Equal(4, trained.Metrics["n_clusters"]);
        Assert.Equal(TrainingTask.Clustering, trained.Task);
        Assert.True(trained.Metrics["train_adjusted_rand"] > 0.95, $"ARI {trained.Metrics["train_adjusted_rand"]}");
        Assert.True(trained.Metrics.ContainsKey($"select_{selectBy}_k2") && trained.Metrics.ContainsKey($"select_{selectBy}_k7"));
        Assert.True(trained.Metrics["train_silhouette"] > 0.5);
    }

    [Fact]
    public void Same_seed_same_model_and_bad_parameters_are_named()
    {
        var data = Customers(300, 2);
        var p = TrainingFixtures.Params(("n_clusters", "3"), ("seed", "9"));
        Assert.Equal(Trainers.Create("kmeans").Train(data, null, p, null, CancellationToken.None).Onnx, Trainers.Create("kmeans").Train(data, null, p, null, CancellationToken.None).Onnx);
        var e = Assert.Throws<ArgumentException>(() => Trainers.Create("kmeans").Train(data, null, TrainingFixtures.Params(("select_by", "bic")), null, CancellationToken.None));
        Assert.Contains("select_by", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Four planted customer segments (spend, visits, basket, tenure on different scales), column <c>segment</c>.</summary>
    internal static Dataset Customers(int rows, int seed)
    {
        double[][] centers = [[120, 2, 15, 400], [900, 12, 40, 1500], [300, 20, 8, 200], [2000, 4, 150, 2500]];
        double[] spread = [40, 1.2, 4, 120];
        var random = new Random(seed);
        var csv = new StringBuilder("spend,visits,basket,tenure_days,segment\n");
        for (var i = 0; i < rows; i++)
        {
            var s = i % centers.Length;
            var values = centers[s].Select((m, j) => (float)(m + (spread[j] * Gaussian(random))));
            csv.Append(string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))).Append(CultureInfo.InvariantCulture, $",{s}\n");
        }

        return Dataset.ReadCsv(new StringReader(csv.ToString()), "customers", "segment");
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
