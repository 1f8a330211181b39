using System.Globalization;
using System.Text;
using Crucible.Evaluation.Ablation;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Writing;
using Crucible.Stats.Metrics;
using Crucible.TestSupport;

namespace Crucible.Evaluation.Tests.Models;

public sealed class ModelRunnerTests : IDisposable
{
    private static readonly float[] Coefficients = [2.0f, 0.3f, 0.0f];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_model_run_in_batches_matches_scores_computed_by_hand()
    {
        var (path, x, labels) = WriteDataset(150, seed: 21);
        var dataset = Dataset.Read(path, "label", excludeColumns: ["region"]);
        var spec = new EvaluationSpec { Columns = new PredictionColumns("label"), SliceBy = ["region"], MinSliceSize = 10 };
        using var session = new OnnxSession(Model());

        var small = ModelRunner.Predict(session, dataset, spec, new ModelRunSettings { BatchSize = 7 });
        var large = ModelRunner.Predict(session, dataset, spec, new ModelRunSettings { BatchSize = 1000 });
        var result = ModelRunner.Evaluate(Model(), dataset, spec, new ModelRunSettings { BatchSize = 16 });

        Assert.Equal(small.Scores, large.Scores);
        var byHand = x.Select(r => 1.0 / (1.0 + Math.Exp(-((2.0 * r[0]) + (0.3 * r[1]) - 0.1)))).ToArray();
        for (var i = 0; i < byHand.Length; i++)
        {
            Assert.Equal(byHand[i], small.Scores[i], 5);
        }

        Assert.Equal(RankingMetrics.RocAuc(labels, byHand), result.Metrics[MetricNames.RocAuc], 9);
        Assert.Equal(["east", "west"], result.Slices.Select(s => s.Value));
    }

    [Fact]
    public void Permutation_and_drop_column_rank_the_features_and_are_deterministic()
    {
        var (path, _, _) = WriteDataset(200, seed: 5);
        var dataset = Dataset.Read(path, "label", excludeColumns: ["region"]);
        var spec = new EvaluationSpec { Columns = new PredictionColumns("label"), Bootstrap = new BootstrapSettings(50, 3) };
        using var session = new OnnxSession(Model());

        var first = FeatureAblation.Run(session, dataset, spec, new AblationSettings(Repeats: 4, Seed: 11));
        var again = FeatureAblation.Run(session, dataset, spec, new AblationSettings(Repeats: 4, Seed: 11));

        Assert.Equal(MetricNames.RocAuc, first.Metric);
        Assert.Equal(EvaluationJson.Serialize(first), EvaluationJson.Serialize(again));
        var permutation = first.Permutation.ToDictionary(f => f.Feature);
        Assert.True(permutation["x0"].Importance > permutation["x1"].Importance);
        Assert.Equal(0.0, permutation["x2"].Importance);
        Assert.True(permutation["x0"].Interval!.Lower > 0.1);
        var drop = first.DropColumn.ToDictionary(f => f.Feature);
        Assert.True(drop["x0"].Importance > drop["x1"].Importance);
        Assert.Equal(0.0, drop["x2"].Importance);
        Assert.True(drop["x0"].Interval!.Lower > 0.0);
        Assert.False(drop["x0"].ReplacedByMode);
    }

    [Fact]
    public void A_non_numeric_feature_cell_names_its_line_and_column()
    {
        var path = _dir.File("bad.csv");
        File.WriteAllText(path, "x0,x1,x2,label\n1,2,3,1\n1,oops,3,0\n");
        var error = Assert.Throws<EvaluationInputException>(() => Dataset.Read(path, "label"));
        Assert.Equal(3, error.Line);
        Assert.Equal("x1", error.Column);
    }

    internal static byte[] Model() => new OnnxModelBuilder()
        .Input("features", OnnxElementType.Fp32, "n", 3)
        .Output("label", OnnxElementType.Int64, "n").Output("probabilities", OnnxElementType.Fp32, "n", 2)
        .LinearClassifier("features", "label", "probabilities", Coefficients, [-0.1f], [0, 1]).ToBytes();

    private (string Path, double[][] X, int[] Labels) WriteDataset(int n, int seed)
    {
        var random = new Random(seed);
        var x = new double[n][];
        var labels = new int[n];
        var csv = new StringBuilder("x0,x1,x2,region,label\n");
        for (var i = 0; i < n; i++)
        {
            x[i] = [Math.Round((random.NextDouble() * 4) - 2, 3), Math.Round((random.NextDouble() * 4) - 2, 3), Math.Round(random.NextDouble(), 3)];
            labels[i] = (2 * x[i][0]) + (0.3 * x[i][1]) + ((random.NextDouble() - 0.5) * 2) > 0 ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture, $"{x[i][0]},{x[i][1]},{x[i][2]},{(i % 2 == 0 ? "east" : "west")},{labels[i]}\n");
        }

        var path = _dir.File($"data{seed}.csv");
        File.WriteAllText(path, csv.ToString());
        return (path, x, labels);
    }
}
