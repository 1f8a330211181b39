using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Writing;
using Crucible.Stats.Metrics;
using Crucible.TestSupport;

namespace Crucible.Evaluation.Tests.Models;

public sealed class ModelRunnerTaskTests
{
    [Fact]
    public void A_regressor_is_run_and_scored_with_regression_metrics()
    {
        using var dir = new TempDirectory();
        var path = dir.File("reg.csv");
        File.WriteAllText(path, "a,b,y\n1,2,5.5\n2,0,2.5\n0,1,3\n3,3,10\n");
        var model = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "n", 2).Output("y", OnnxElementType.Fp32, "n", 1)
            .LinearRegressor("x", "y", [1.0f, 2.0f], [0.5f]).ToBytes();
        var spec = EvaluationSpec.ForRegression(new PredictionColumns("y"));

        var result = ModelRunner.Evaluate(model, Dataset.Read(path, "y"), spec, new ModelRunSettings { BatchSize = 3 });

        // Predictions 5.5, 2.5, 2.5, 9.5 against 5.5, 2.5, 3, 10: errors 0, 0, 0.5, 0.5.
        Assert.Equal(0.25, result.Metrics[MetricNames.MeanAbsoluteError], 6);
        Assert.Equal(0.5, result.Metrics[MetricNames.MaxError], 6);
    }

    [Fact]
    public void A_multiclass_model_keeps_every_class_probability()
    {
        using var dir = new TempDirectory();
        var path = dir.File("multi.csv");
        File.WriteAllText(path, "f0,f1,label\n3,0,0\n0,3,1\n-3,-3,2\n2,1,0\n1,2,2\n");
        var model = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "n", 2)
            .Output("label", OnnxElementType.Int64, "n").Output("p", OnnxElementType.Fp32, "n", 3)
            .LinearClassifier("x", "label", "p", [1, 0, 0, 1, -1, -1], [0, 0, 0], [0, 1, 2], "SOFTMAX").ToBytes();
        var spec = EvaluationSpec.ForMulticlass(new PredictionColumns("label"));
        using var session = new OnnxSession(model);

        var table = ModelRunner.Predict(session, Dataset.Read(path, "label"), spec, new ModelRunSettings());

        Assert.Equal(3, table.ClassCount);
        Assert.Equal(15, table.Scores.Count);
        Assert.Equal([0, 1, 2, 0, 1], table.Predicted);
        Assert.Equal(0.8, Evaluator.Evaluate(table, spec).Metrics[MetricNames.Accuracy], 12);
    }

    [Fact]
    public void A_registered_model_with_a_zipmap_output_is_rewritten_and_evaluated()
    {
        // Fixtures/linear_classifier.onnx (from Crucible.Onnx.Tests): logistic(0.8a - 1.2b + 0.5c + 2d - 0.3), ZipMap probabilities.
        using var dir = new TempDirectory();
        var path = dir.File("data.csv");
        double[][] x = [[0.1, 0.2, 0.3, 0.4], [-1, 0.5, 0.2, -0.3], [0.3, -0.2, 0.1, 0.05], [1, 1, 1, -0.2], [0.2, 0.1, -0.4, 0.3]];
        int[] labels = [1, 0, 1, 0, 0];
        File.WriteAllLines(path, ["a,b,c,d,label", .. x.Select((r, i) => string.Join(',', r.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "," + labels[i])]);
        var model = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "linear_classifier.onnx"));
        var spec = new EvaluationSpec { Columns = new PredictionColumns("label") };

        var result = ModelRunner.Evaluate(model, Dataset.Read(path, "label"), spec);

        var byHand = x.Select(r => 1.0 / (1.0 + Math.Exp(-((0.8 * r[0]) - (1.2 * r[1]) + (0.5 * r[2]) + (2.0 * r[3]) - 0.3)))).ToArray();
        Assert.Equal(RankingMetrics.RocAuc(labels, byHand), result.Metrics[MetricNames.RocAuc], 12);
        Assert.Equal(ProbabilityMetrics.LogLoss(labels, byHand), result.Metrics[MetricNames.LogLoss], 6);
    }
}
