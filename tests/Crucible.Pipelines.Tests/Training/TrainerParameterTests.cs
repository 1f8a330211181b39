using Crucible.Pipelines.Training;
using Crucible.Pipelines.Training.Linear;

namespace Crucible.Pipelines.Tests.Training;

public sealed class TrainerParameterTests
{
    [Theory]
    [InlineData("logistic_regression", "C", "0")]
    [InlineData("logistic_regression", "C", "abc")]
    [InlineData("logistic_regression", "max_iter", "0")]
    [InlineData("logistic_regression", "tol", "-1")]
    [InlineData("linear_regression", "alpha", "-0.5")]
    [InlineData("linear_regression", "alpha", "NaN")]
    [InlineData("gbt_classifier", "learning_rate", "0")]
    [InlineData("gbt_classifier", "max_leaf_nodes", "1")]
    [InlineData("gbt_regressor", "max_bins", "256")]
    [InlineData("gbt_regressor", "min_samples_leaf", "1.5")]
    [InlineData("gbt_regressor", "l2_regularization", "-1")]
    [InlineData("gbt_classifier", "colsample", "0.5")]
    public void Bad_parameter_throws_naming_it(string trainer, string name, string value)
    {
        var label = Trainers.Create(trainer).Task == TrainingTask.Regression ? "t" : "y";
        var data = TrainingFixtures.Synthetic(50, 1, label);

        var e = Assert.Throws<ArgumentException>(() =>
            Trainers.Create(trainer).Train(data, label, TrainingFixtures.Params((name, value)), null, CancellationToken.None));

        Assert.Equal(name, e.ParamName);
        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_trainer_lists_the_valid_names()
    {
        var e = Assert.Throws<ArgumentException>(() => Trainers.Create("xgboost"));

        Assert.Contains("gaussian_mixture, gbt_classifier, gbt_regressor, kmeans, linear_regression, logistic_regression", e.Message, StringComparison.Ordinal);
        Assert.Equal(["gaussian_mixture", "gbt_classifier", "gbt_regressor", "kmeans", "linear_regression", "logistic_regression"], Trainers.Names);
    }

    [Fact]
    public void Classifier_rejects_labels_other_than_0_and_1()
    {
        var data = TrainingFixtures.Synthetic(50, 1, "t");

        var e = Assert.Throws<ArgumentException>(() =>
            Trainers.Create("logistic_regression").Train(data, "t", TrainingFixtures.Params(), null, CancellationToken.None));

        Assert.Contains("is not a class 0 or 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_least_squares_survives_an_exactly_duplicated_feature()
    {
        var rows = 100;
        var features = new float[rows * 2];
        var labels = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            features[2 * i] = features[(2 * i) + 1] = i;
            labels[i] = (3.0 * i) + 1;
        }

        var data = TrainingData.Create(features, rows, 2, labels, TrainingTask.Regression);
        var trainer = (LinearRegressionTrainer)Trainers.Create("linear_regression");
        var model = (LinearModel)trainer.Fit(data, trainer.Settings(null).Settings, null, CancellationToken.None).Model;

        // The weight is shared between the two copies (the minimum-norm split) and the fit is exact.
        Assert.Equal(1.5, model.Coefficients[0], 4);
        Assert.Equal(1.5, model.Coefficients[1], 4);
        Assert.Equal(1.0, model.Intercept, 3);
    }

    [Fact]
    public void Effective_parameters_include_defaults_and_metrics_are_reported()
    {
        var data = TrainingFixtures.Synthetic(500, 2, "y");

        var trained = Trainers.Create("gbt_classifier").Train(data, "y", TrainingFixtures.Params(("max_iter", "7")), null, CancellationToken.None);

        Assert.Equal("7", trained.Parameters["max_iter"]);
        Assert.Equal("0.1", trained.Parameters["learning_rate"]);
        Assert.Equal("31", trained.Parameters["max_leaf_nodes"]);
        Assert.Equal(7, trained.Metrics["n_iter"]);
        Assert.InRange(trained.Metrics["train_roc_auc"], 0.8, 1.0);
        Assert.Equal(["x0", "x1", "x2", "x3", "x4"], trained.FeatureNames);
    }

    [Fact]
    public void Progress_ends_at_one_and_cancellation_stops_training()
    {
        var data = TrainingFixtures.Synthetic(500, 2, "t");
        var reports = new List<double>();

        Trainers.Create("gbt_regressor").Train(data, "t", TrainingFixtures.Params(("max_iter", "5")), new SyncProgress(reports.Add), CancellationToken.None);

        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Trainers.Create("gbt_regressor").Train(data, "t", TrainingFixtures.Params(), null, new CancellationToken(canceled: true)));
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
