using System.Globalization;
using System.Text.Json;
using Crucible.Pipelines.Training;
using Crucible.Pipelines.Training.Linear;

namespace Crucible.Pipelines.Tests.Training;

/// <summary>Coefficients agree with scikit-learn 1.2.1 on the committed dataset (golden/make_golden.py).</summary>
public sealed class SklearnGoldenTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(TrainingFixtures.GoldenPath("golden.json"))).RootElement;

    [Theory]
    [InlineData("1.0")]
    [InlineData("0.01")]
    public void Logistic_regression_reaches_the_optimum_of_sklearns_objective(string c)
    {
        var model = Fit("logistic_regression", "y_class", TrainingFixtures.Params(("C", c), ("tol", "1e-10")));
        var golden = Golden.GetProperty("logistic").GetProperty(c);

        // The optimum itself (sklearn's answer refined by SciPy), and sklearn's own answer: its lbfgs stops at a
        // gradient near 1e-4, so it is only within 1e-4 of the optimum.
        AssertCoefficients(golden, model, 1e-6, "optimum_coef", "optimum_intercept");
        AssertCoefficients(golden, model, 1e-4);
    }

    [Fact]
    public void Logistic_regression_default_tolerance_is_close_to_the_optimum()
    {
        var model = Fit("logistic_regression", "y_class", TrainingFixtures.Params());

        AssertCoefficients(Golden.GetProperty("logistic").GetProperty("1.0"), model, 1e-4);
    }

    [Theory]
    [InlineData("0.0")]
    [InlineData("10.0")]
    public void Linear_regression_matches_sklearn_ols_and_ridge(string alpha)
    {
        var model = Fit("linear_regression", "y_reg", TrainingFixtures.Params(("alpha", alpha)));

        AssertCoefficients(Golden.GetProperty("ridge").GetProperty(alpha), model);
    }

    [Fact]
    public void Gradient_boosting_fits_the_training_set_like_sklearn()
    {
        var data = TrainingFixtures.Golden("y_class");

        var trained = Trainers.Create("gbt_classifier").Train(data, "y_class", TrainingFixtures.Params(), null, CancellationToken.None);

        // Same algorithm, same defaults; binning and tie-breaking details may differ, so only close, not equal.
        Assert.Equal(Golden.GetProperty("hgb_train_log_loss").GetDouble(), trained.Metrics["train_log_loss"], 0.02);
        Assert.Equal(100, trained.Metrics["n_iter"]);
    }

    private static LinearModel Fit(string trainer, string label, Dictionary<string, string> parameters) =>
        (LinearModel)TrainerInternals.Fit(Trainers.Create(trainer), TrainingFixtures.Golden(label), label, parameters);

    private static void AssertCoefficients(
        JsonElement expected, LinearModel model, double tolerance = 1e-6, string coefName = "coef", string interceptName = "intercept")
    {
        var coef = expected.GetProperty(coefName).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(coef.Length, model.Coefficients.Length);
        for (var j = 0; j < coef.Length; j++)
        {
            Assert.True(
                Math.Abs(coef[j] - model.Coefficients[j]) <= tolerance * Math.Max(1, Math.Abs(coef[j])),
                string.Create(CultureInfo.InvariantCulture, $"coef[{j}]: sklearn {coef[j]}, ours {model.Coefficients[j]}"));
        }

        var intercept = expected.GetProperty(interceptName).GetDouble();
        Assert.True(
            Math.Abs(intercept - model.Intercept) <= tolerance * Math.Max(1, Math.Abs(intercept)),
            string.Create(CultureInfo.InvariantCulture, $"intercept: sklearn {intercept}, ours {model.Intercept}"));
    }
}
