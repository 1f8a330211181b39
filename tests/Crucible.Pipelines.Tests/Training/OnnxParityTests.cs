using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Pipelines.Training;

namespace Crucible.Pipelines.Tests.Training;

/// <summary>The exported ONNX, run by the real ONNX Runtime, answers what the trainer's own model predicts.</summary>
public sealed class OnnxParityTests
{
    [Theory]
    [InlineData("logistic_regression", "y")]
    [InlineData("gbt_classifier", "y")]
    [InlineData("linear_regression", "t")]
    [InlineData("gbt_regressor", "t")]
    public void Onnx_outputs_equal_in_process_predictions(string name, string label)
    {
        var data = TrainingFixtures.Synthetic(3000, 11, label);
        var trainer = Trainers.Create(name);
        var trained = trainer.Train(data, label, new Dictionary<string, string>(), null, CancellationToken.None);
        var expected = TrainerInternals.Predict(trainer, data, label);

        using var session = new OnnxSession(trained.Onnx);
        var input = OnnxTensor.FromArray(data.Features, data.RowCount, data.FeatureNames.Count);
        var outputs = session.Run([KeyValuePair.Create("input", (OnnxTensor)input)]);

        if (trainer.Task == TrainingTask.BinaryClassification)
        {
            var probabilities = outputs["probabilities"].AsTensor();
            Assert.Equal(new long[] { data.RowCount, 2 }, probabilities.Shape);
            var p = probabilities.ToArray<float>();
            var labels = outputs["label"].AsTensor().ToArray<long>();
            for (var i = 0; i < data.RowCount; i++)
            {
                Assert.Equal(expected[i], p[(2 * i) + 1], 1e-5);
                Assert.Equal(1 - expected[i], p[2 * i], 1e-5);
                if (Math.Abs(expected[i] - 0.5) > 1e-5)
                {
                    Assert.Equal(expected[i] > 0.5 ? 1L : 0L, labels[i]);
                }
            }

            Assert.Contains(0L, labels);
            Assert.Contains(1L, labels);
        }
        else
        {
            var variable = outputs["variable"].AsTensor();
            Assert.Equal(new long[] { data.RowCount, 1 }, variable.Shape);
            var v = variable.ToArray<float>();
            for (var i = 0; i < data.RowCount; i++)
            {
                Assert.Equal(expected[i], v[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])));
            }
        }
    }
}
