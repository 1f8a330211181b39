using Crucible.Pipelines.Training;

namespace Crucible.Pipelines.Tests.Training;

public sealed class DeterminismTests
{
    [Theory]
    [InlineData("logistic_regression", "y")]
    [InlineData("linear_regression", "t")]
    [InlineData("gbt_classifier", "y")]
    [InlineData("gbt_regressor", "t")]
    public void Same_data_parameters_and_seed_give_the_same_model(string name, string label)
    {
        var data = TrainingFixtures.Synthetic(2000, 5, label);
        var parameters = TrainingFixtures.Params(("seed", "42"));

        var first = Trainers.Create(name).Train(data, label, parameters, null, CancellationToken.None);
        var second = Trainers.Create(name).Train(data, label, parameters, null, CancellationToken.None);

        Assert.Equal(first.Onnx, second.Onnx);
        Assert.Equal(first.Metrics, second.Metrics);
    }
}
