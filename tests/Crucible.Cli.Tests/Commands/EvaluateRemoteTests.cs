using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible evaluate --tracking-uri URI --model NAME/VERSION</c>: the server evaluates and stores; the CLI prints what a local run prints.</summary>
public sealed class EvaluateRemoteTests(TrackingServer server) : IClassFixture<TrackingServer>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_registered_version_is_evaluated_on_the_server_with_the_local_metrics()
    {
        var model = TrackingServer.UniqueName("eval");
        var runId = await RegisterAsync(model);
        var predictions = Predictions();

        var local = await Cli.RunAsync("evaluate", "--predictions", predictions, "--gate", "roc_auc > 0.5", "--json");
        var remote = await Cli.RunAsync(
            "evaluate", "--tracking-uri", server.Uri.ToString(), "--model", $"{model}/1", "--predictions", predictions, "--gate", "roc_auc > 0.5", "--dataset-name", "holdout", "--json");

        Assert.True(remote.ExitCode == 0, remote.Error + remote.Output);
        var answer = JsonNode.Parse(remote.Output)!;
        Assert.Equal(runId, (string?)answer["run_id"]);
        Assert.Equal("eval.holdout.", (string?)answer["metric_prefix"]);
        Assert.True((bool)answer["gate"]!["passed"]!);
        var expected = JsonNode.Parse(local.Output)!["metrics"]!.AsObject();
        foreach (var (name, value) in expected)
        {
            Assert.Equal(value!.ToJsonString(), answer["metrics"]![name]!.ToJsonString());
        }

        var table = await Cli.RunAsync("evaluate", "--tracking-uri", server.Uri.ToString(), "--model", $"{model}/1", "--predictions", predictions);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("roc_auc", table.Output, StringComparison.Ordinal);
        Assert.Contains($"stored on run {runId} as eval.default.*", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_gate_exits_1_and_bad_input_exits_2_with_the_servers_message()
    {
        var model = TrackingServer.UniqueName("eval");
        await RegisterAsync(model);
        var predictions = Predictions();
        var uri = server.Uri.ToString();

        Assert.Equal(1, (await Cli.RunAsync("evaluate", "--tracking-uri", uri, "--model", $"{model}/1", "--predictions", predictions, "--gate", "roc_auc > 1")).ExitCode);

        var unknown = await Cli.RunAsync("evaluate", "--tracking-uri", uri, "--model", "no-such-model/1", "--predictions", predictions);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", unknown.Error, StringComparison.Ordinal);

        var badGate = await Cli.RunAsync("evaluate", "--tracking-uri", uri, "--model", $"{model}/1", "--predictions", predictions, "--gate", "roc_auc >=");
        Assert.Equal(2, badGate.ExitCode);
        Assert.Contains("INVALID_PARAMETER_VALUE", badGate.Error, StringComparison.Ordinal);

        var badRef = await Cli.RunAsync("evaluate", "--tracking-uri", uri, "--model", model, "--predictions", predictions);
        Assert.Equal(2, badRef.ExitCode);
        Assert.Contains("NAME/VERSION", badRef.Error, StringComparison.Ordinal);
    }

    private async Task<string> RegisterAsync(string model)
    {
        using var http = new HttpClient { BaseAddress = server.Uri };
        var run = await Json(await http.PostAsJsonAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }));
        var runId = (string)run["run"]!["info"]!["run_id"]!;
        var written = await Json(await http.PostAsync($"/api/crucible/v1/runs/{runId}/packages/model", new ByteArrayContent(File.ReadAllBytes(Fixture("linear_classifier.onnx")))));
        await Json(await http.PostAsJsonAsync("/api/2.0/mlflow/registered-models/create", new { name = model }));
        await Json(await http.PostAsJsonAsync("/api/2.0/mlflow/model-versions/create", new { name = model, source = (string)written["source"]!, run_id = runId }));
        return runId;
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return JsonNode.Parse(text)!;
        }
    }

    private string Predictions()
    {
        var random = new Random(17);
        var text = new StringBuilder("label,score\n");
        for (var i = 0; i < 100; i++)
        {
            var label = random.NextDouble() < 0.5 ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"{label},{Math.Clamp((label * 0.3) + (random.NextDouble() * 0.7), 0, 1):R}\n");
        }

        var path = _dir.File("predictions.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Crucible.Onnx.Tests", "Fixtures", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"fixture {name} not found above {AppContext.BaseDirectory}");
    }
}
