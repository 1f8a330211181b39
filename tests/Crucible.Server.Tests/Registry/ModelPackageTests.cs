using System.Text;
using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Registry;

/// <summary>Registering ONNX model packages: graph-derived signatures, checksums, and refusals that leave nothing behind.</summary>
public sealed class ModelPackageTests : IClassFixture<RegistryServer>
{
    private readonly RegistryServer _server;

    public ModelPackageTests(RegistryServer server) => _server = server;

    /// <summary>An MLmodel as <c>mlflow.onnx.log_model</c> writes it (MLflow 2.x layout), with a wrong signature on purpose.</summary>
    private static string MlflowMlModel(string runId, string data = "model.onnx") => $$"""
        artifact_path: model
        flavors:
          onnx:
            code: null
            data: {{data}}
            onnx_version: 1.12.0
            providers:
            - CUDAExecutionProvider
            - CPUExecutionProvider
          python_function:
            data: {{data}}
            env:
              conda: conda.yaml
              virtualenv: python_env.yaml
            loader_module: mlflow.onnx
            python_version: 3.11.2
        mlflow_version: 2.9.2
        model_uuid: 5b1f6a3f0c3a4b6e9c8d7e6f5a4b3c2d
        run_id: {{runId}}
        signature:
          inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 1]}, "name": "wrong"}]'
          outputs: null
          params: null
        utc_time_created: '2025-01-01 00:00:00.000000'
        """;

    private static JsonNode Expected(string fixture) =>
        JsonNode.Parse(File.ReadAllText(RegistryServer.Fixture("expected.json")))![fixture]!;

    private async Task<(string RunId, string Source)> UploadMlflowPackageAsync(string fixture, params (string Name, byte[] Content)[] extra)
    {
        var (runId, artifacts) = await _server.NewRunAsync();
        await _server.PutArtifactAsync($"{artifacts}/model/MLmodel", Encoding.UTF8.GetBytes(MlflowMlModel(runId)));
        await _server.PutArtifactAsync($"{artifacts}/model/model.onnx", await File.ReadAllBytesAsync(RegistryServer.Fixture(fixture + ".onnx")));
        foreach (var (name, content) in extra)
        {
            await _server.PutArtifactAsync($"{artifacts}/model/{name}", content);
        }

        return (runId, $"runs:/{runId}/model");
    }

    private async Task<JsonNode> PackageAsync(string name, string version) =>
        await _server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/models/{name}/versions/{version}/package");

    private static List<(string, string)> Signature(JsonNode values) =>
        values.AsArray().Select(v => ((string)v!["name"]!, (string)v["type"]!)).ToList();

    [Theory]
    [InlineData("mlp")]
    [InlineData("tree_classifier")]
    [InlineData("linear_regressor")]
    [InlineData("identity_bytes")]
    public async Task Mlflow_logged_package_from_an_independent_producer_registers_with_the_graphs_signature(string fixture)
    {
        var name = "fixture-" + fixture;
        await _server.CreateModelAsync(name);
        var (runId, source) = await UploadMlflowPackageAsync(fixture);
        var (status, body) = await _server.CreateVersionAsync(name, source, runId);
        Assert.True(status == 200, body.ToJsonString());

        var package = (await PackageAsync(name, "1"))["package"]!;
        var expected = Expected(fixture);
        Assert.Equal(Signature(expected["inputs"]!), Signature(package["inputs"]!));
        Assert.Equal(Signature(expected["outputs"]!), Signature(package["outputs"]!));
        Assert.Equal((string)expected["producer"]!, (string)package["producer"]!);
        Assert.Equal(expected["opsets"]!.ToJsonString(), package["opsets"]!.ToJsonString());
        Assert.Equal(runId, (string)package["run_id"]!);
    }

    [Fact]
    public async Task Package_written_by_crucible_has_mlflow_layout_and_recorded_checksums()
    {
        var (runId, artifacts) = await _server.NewRunAsync();
        var onnx = await File.ReadAllBytesAsync(RegistryServer.Fixture("mlp.onnx"));
        var written = await _server.WritePackageAsync(runId, "model", onnx);
        Assert.Equal($"runs:/{runId}/model", (string)written["source"]!);
        Assert.Equal(["MLmodel", "crucible_package.json", "model.onnx"], written["files"]!.AsArray().Select(f => (string)f!["path"]!).Order(StringComparer.Ordinal));

        var mlmodel = File.ReadAllText(Path.Combine(_server.ArtifactsFolder, artifacts, "model", "MLmodel"));
        Assert.Contains("loader_module: mlflow.onnx", mlmodel, StringComparison.Ordinal);
        Assert.Contains("data: model.onnx", mlmodel, StringComparison.Ordinal);
        Assert.Contains("\"tensor-spec\":{\"dtype\":\"float32\",\"shape\":[-1,32]},\"name\":\"input\"", mlmodel, StringComparison.Ordinal);
        Assert.Contains($"run_id: '{runId}'", mlmodel, StringComparison.Ordinal);
        Assert.Contains("utc_time_created: '", mlmodel, StringComparison.Ordinal);

        await _server.CreateModelAsync("written");
        var (status, body) = await _server.CreateVersionAsync("written", $"runs:/{runId}/model", runId);
        Assert.True(status == 200, body.ToJsonString());
        var package = await PackageAsync("written", "1");
        Assert.Equal(3, package["files"]!.AsArray().Count);
        var recorded = package["files"]!.AsArray().Single(f => (string)f!["path"]! == "model.onnx")!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(onnx)), (string)recorded["sha256"]!);
        await _server.OkAsync(HttpMethod.Post, "/api/crucible/v1/models/written/versions/1/verify");
    }

    [Fact]
    public async Task External_data_files_must_be_present()
    {
        await _server.CreateModelAsync("external");
        var weights = await File.ReadAllBytesAsync(RegistryServer.Fixture("mlp_external.weights"));
        var (runId, source) = await UploadMlflowPackageAsync("mlp_external", ("mlp_external.weights", weights));
        var (ok, _) = await _server.CreateVersionAsync("external", source, runId);
        Assert.Equal(200, ok);

        var (_, missingSource) = await UploadMlflowPackageAsync("mlp_external");
        var (status, body) = await _server.CreateVersionAsync("external", missingSource);
        Assert.Equal(400, status);
        Assert.Contains("mlp_external.weights", (string)body["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mlflow_input_example_is_recorded_and_must_be_present()
    {
        await _server.CreateModelAsync("with-example");
        var example = "saved_input_example_info:\n  artifact_path: input_example.json\n  type: ndarray\n  format: tf-serving\n";
        var (runId, artifacts) = await _server.NewRunAsync();
        await _server.PutArtifactAsync($"{artifacts}/model/MLmodel", Encoding.UTF8.GetBytes(MlflowMlModel(runId) + "\n" + example));
        await _server.PutArtifactAsync($"{artifacts}/model/model.onnx", await File.ReadAllBytesAsync(RegistryServer.Fixture("mlp.onnx")));
        var (missing, body) = await _server.CreateVersionAsync("with-example", $"runs:/{runId}/model", runId);
        Assert.Equal(400, missing);
        Assert.Contains("input example 'input_example.json'", (string)body["message"]!, StringComparison.Ordinal);

        await _server.PutArtifactAsync($"{artifacts}/model/input_example.json", Encoding.UTF8.GetBytes("{\"inputs\": [[0.0]]}"));
        var (ok, created) = await _server.CreateVersionAsync("with-example", $"runs:/{runId}/model", runId);
        Assert.True(ok == 200, created.ToJsonString());
        var package = await PackageAsync("with-example", "1");
        Assert.Equal("input_example.json", (string)package["package"]!["input_example"]!);
        Assert.Contains(package["files"]!.AsArray(), f => (string)f!["path"]! == "input_example.json");
    }

    [Theory]
    [InlineData("identity_bytes", "\"dtype\":\"object\"")]
    [InlineData("identity_uint16", "\"dtype\":\"uint16\"")]
    [InlineData("identity_bf16", null)]
    public async Task Written_signature_uses_numpy_dtypes_and_is_left_out_when_numpy_has_none(string fixture, string? dtype)
    {
        var (runId, artifacts) = await _server.NewRunAsync();
        await _server.WritePackageAsync(runId, "model", await File.ReadAllBytesAsync(RegistryServer.Fixture(fixture + ".onnx")));
        var mlmodel = await File.ReadAllTextAsync(Path.Combine(_server.ArtifactsFolder, artifacts, "model", "MLmodel"));
        if (dtype is null)
        {
            Assert.DoesNotContain("signature:", mlmodel, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(dtype, mlmodel, StringComparison.Ordinal);
        }
    }
}
