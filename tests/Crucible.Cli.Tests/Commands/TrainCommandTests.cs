using System.Globalization;
using System.Text;
using System.Text.Json;
using Crucible.Onnx.Runtime;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Commands;

public sealed class TrainCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Train_writes_an_onnx_model_and_prints_parameters_and_metrics()
    {
        var data = WriteData();
        var model = _dir.File("model.onnx");

        var result = await Cli.RunAsync("train", "--data", data, "--label", "y", "--trainer", "gbt_classifier", "--param", "max_iter=5", "--exclude", "id", "--out", model, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("gbt_classifier", json.RootElement.GetProperty("trainer").GetString());
        Assert.Equal("5", json.RootElement.GetProperty("parameters").GetProperty("max_iter").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("metrics").GetProperty("n_iter").GetDouble());
        Assert.Equal(["a", "b"], json.RootElement.GetProperty("features").EnumerateArray().Select(e => e.GetString()));
        using var session = OnnxSession.FromFile(model);
        Assert.Equal("input", session.Inputs.Single().Name);
        Assert.Equal(["label", "probabilities"], session.Outputs.Select(o => o.Name));
    }

    [Fact]
    public async Task Kmeans_needs_no_label_and_writes_segment_label_and_distances()
    {
        var model = _dir.File("segments.onnx");

        var result = await Cli.RunAsync("train", "--data", WriteData(), "--trainer", "kmeans", "--param", "n_clusters=3", "--exclude", "id", "--exclude", "y", "--out", model, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("clustering", json.RootElement.GetProperty("task").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("metrics").GetProperty("n_clusters").GetDouble());
        Assert.True(json.RootElement.GetProperty("metrics").TryGetProperty("train_silhouette", out _));
        using var session = OnnxSession.FromFile(model);
        Assert.Equal(["label", "distances"], session.Outputs.Select(o => o.Name));
    }

    [Fact]
    public async Task A_supervised_trainer_without_label_exits_2()
    {
        var result = await Cli.RunAsync("train", "--data", WriteData(), "--trainer", "gbt_regressor", "--exclude", "id", "--out", _dir.File("x.onnx"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--label is required for the trainer 'gbt_regressor'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_output_lists_metrics()
    {
        var result = await Cli.RunAsync("train", "--data", WriteData(), "--label", "y", "--trainer", "logistic_regression", "--exclude", "id", "--out", _dir.File("m.onnx"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("train_roc_auc", result.Output, StringComparison.Ordinal);
        Assert.Contains("Trained logistic_regression on 200 rows x 2 features", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logistic_regression", "C=0", "Parameter 'C' of trainer 'logistic_regression': 0 must be > 0.")]
    [InlineData("logistic_regression", "depth=3", "Unknown parameter 'depth'")]
    [InlineData("forest", "C=1", "Unknown trainer 'forest'; valid trainers: gaussian_mixture, gbt_classifier")]
    [InlineData("logistic_regression", "C", "--param 'C' is not key=value.")]
    public async Task Bad_input_exits_2_with_a_clear_error(string trainer, string param, string message)
    {
        var model = _dir.File("bad.onnx");

        var result = await Cli.RunAsync("train", "--data", WriteData(), "--label", "y", "--trainer", trainer, "--param", param, "--exclude", "id", "--out", model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    private string WriteData()
    {
        var random = new Random(3);
        var csv = new StringBuilder("id,a,b,y\n");
        for (var i = 0; i < 200; i++)
        {
            var (a, b) = (random.NextDouble(), random.NextDouble());
            csv.Append(CultureInfo.InvariantCulture, $"{i},{a:R},{b:R},{(a + b + (0.3 * random.NextDouble()) > 1.1 ? 1 : 0)}\n");
        }

        var path = _dir.File("data.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
