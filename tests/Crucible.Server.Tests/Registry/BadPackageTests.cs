using System.Text;

namespace Crucible.Server.Tests.Registry;

/// <summary>Each kind of bad package gets a clear 400 and leaves no version behind; the next good one is version 1.</summary>
public sealed class BadPackageTests : IClassFixture<RegistryServer>
{
    private const string MlModel = """
        artifact_path: model
        flavors:
          onnx:
            data: model.onnx
          python_function:
            data: model.onnx
            loader_module: mlflow.onnx
        """;

    private readonly RegistryServer _server;

    public BadPackageTests(RegistryServer server) => _server = server;

    private static byte[] Mlp() => File.ReadAllBytes(RegistryServer.Fixture("mlp.onnx"));

    /// <summary>Uploads the given files under a fresh run's <c>model/</c> folder and tries to register it.</summary>
    private async Task<string> RefusedAsync(string model, params (string Name, byte[] Content)[] files)
    {
        await _server.CreateModelAsync(model);
        var (runId, artifacts) = await _server.NewRunAsync();
        foreach (var (name, content) in files)
        {
            await _server.PutArtifactAsync($"{artifacts}/model/{name}", content);
        }

        var (status, body) = await _server.CreateVersionAsync(model, $"runs:/{runId}/model", runId);
        Assert.True(status == 400, body.ToJsonString());
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)body["error_code"]!);
        await AssertNothingRegisteredAsync(model);
        return (string)body["message"]!;
    }

    private async Task AssertNothingRegisteredAsync(string model)
    {
        var versions = await _server.GetAsync("model-versions/search?filter=" + Uri.EscapeDataString($"name = '{model}'"));
        Assert.Null(versions["model_versions"]);
        var registered = await _server.GetAsync("registered-models/get?name=" + model);
        Assert.Null(registered["registered_model"]!["latest_versions"]);

        var (runId, _) = await _server.NewRunAsync();
        await _server.WritePackageAsync(runId, "good", Mlp());
        var (status, body) = await _server.CreateVersionAsync(model, $"runs:/{runId}/good", runId);
        Assert.Equal(200, status);
        Assert.Equal("1", (string)body["model_version"]!["version"]!);
    }

    [Fact]
    public async Task A_file_that_is_not_onnx_is_refused()
    {
        var message = await RefusedAsync("bad-not-onnx", ("MLmodel", Encoding.UTF8.GetBytes(MlModel)), ("model.onnx", Encoding.UTF8.GetBytes("this is a pickle, honest")));
        Assert.Contains("'model.onnx' is not an ONNX model", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_protobuf_is_refused()
    {
        var mlp = Mlp();
        var message = await RefusedAsync("bad-truncated", ("MLmodel", Encoding.UTF8.GetBytes(MlModel)), ("model.onnx", mlp[..(mlp.Length / 2)]));
        Assert.Contains("'model.onnx' is not an ONNX model", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_whose_checksum_was_altered_is_refused_naming_the_file()
    {
        await _server.CreateModelAsync("bad-checksum");
        var (runId, artifacts) = await _server.NewRunAsync();
        await _server.WritePackageAsync(runId, "model", Mlp());
        // Swap in a different, valid ONNX model after the package recorded its checksums.
        await _server.PutArtifactAsync($"{artifacts}/model/model.onnx", File.ReadAllBytes(RegistryServer.Fixture("linear_regressor.onnx")));
        var (status, body) = await _server.CreateVersionAsync("bad-checksum", $"runs:/{runId}/model", runId);
        Assert.Equal(400, status);
        Assert.Contains("checksum mismatch for 'model.onnx'", (string)body["message"]!, StringComparison.Ordinal);
        await AssertNothingRegisteredAsync("bad-checksum");
    }

    [Fact]
    public async Task A_missing_model_file_is_refused()
    {
        var message = await RefusedAsync("bad-missing-onnx", ("MLmodel", Encoding.UTF8.GetBytes(MlModel)));
        Assert.Contains("'model.onnx', but that artifact is missing", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_mlmodel_is_refused()
    {
        var message = await RefusedAsync("bad-missing-mlmodel", ("model.onnx", Mlp()));
        Assert.Contains("'MLmodel' is missing", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_refused()
    {
        var message = await RefusedAsync("bad-missing-folder");
        Assert.Contains("missing or empty", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_run_is_refused()
    {
        await _server.CreateModelAsync("bad-run");
        var (status, body) = await _server.CreateVersionAsync("bad-run", "runs:/0123456789abcdef0123456789abcdef/model");
        Assert.Equal(400, status);
        Assert.Contains("does not exist", (string)body["message"]!, StringComparison.Ordinal);
        await AssertNothingRegisteredAsync("bad-run");
    }

    [Fact]
    public async Task Download_verifies_checksums_and_refuses_a_changed_file()
    {
        await _server.CreateModelAsync("download");
        var (runId, artifacts) = await _server.NewRunAsync();
        var mlp = Mlp();
        await _server.WritePackageAsync(runId, "model", mlp);
        await _server.CreateVersionAsync("download", $"runs:/{runId}/model", runId);

        using (var ok = await _server.Http.GetAsync("/api/crucible/v1/models/download/versions/1/files/model.onnx"))
        {
            Assert.Equal(200, (int)ok.StatusCode);
            Assert.Equal(mlp, await ok.Content.ReadAsByteArrayAsync());
        }

        await _server.PutArtifactAsync($"{artifacts}/model/model.onnx", mlp[..^1]);
        var (status, body) = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/models/download/versions/1/files/model.onnx");
        Assert.Equal(500, status);
        Assert.Equal("DATA_LOSS", (string)body["errorCode"]!);
        Assert.Contains("'model.onnx'", (string)body["detail"]!, StringComparison.Ordinal);
        var (verify, _) = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/models/download/versions/1/verify");
        Assert.Equal(500, verify);

        var uri = await _server.GetAsync("model-versions/get-download-uri?name=download&version=1");
        Assert.Equal($"runs:/{runId}/model", (string)uri["artifact_uri"]!);
    }
}
