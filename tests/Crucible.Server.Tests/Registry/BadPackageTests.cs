using System.Text;

namespace Crucible.Server.Tests.Registry;

/// <summary>
/// Each kind of damaged ONNX package gets a clear 400 and leaves no version behind; the next good one is version 1.
/// Sources with no ONNX package at all (no MLmodel, no files, an unknown run) register, as MLflow lets them, unservable.
/// </summary>
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
    public async Task Sources_with_no_onnx_package_register_as_in_MLflow_and_record_why_they_cannot_be_served()
    {
        await _server.CreateModelAsync("unservable");
        var (runId, artifacts) = await _server.NewRunAsync();
        await _server.PutArtifactAsync($"{artifacts}/no-mlmodel/model.onnx", Mlp());
        await _server.PutArtifactAsync($"{artifacts}/bad-yaml/MLmodel", Encoding.UTF8.GetBytes("flavors: [unclosed"));
        (string Source, string Reason)[] cases =
        [
            ($"runs:/{runId}/no-mlmodel", "no MLmodel file at source"),
            ($"runs:/{runId}/nothing-here", "no files at source"),
            ("runs:/0123456789abcdef0123456789abcdef/model", "run '0123456789abcdef0123456789abcdef' does not exist"),
            ($"runs:/{runId}/bad-yaml", "MLmodel file is not valid YAML"),
        ];
        for (var i = 0; i < cases.Length; i++)
        {
            var (status, body) = await _server.CreateVersionAsync("unservable", cases[i].Source, runId);
            Assert.True(status == 200, body.ToJsonString());
            var tags = body["model_version"]!["tags"]!.AsArray().ToDictionary(t => (string)t!["key"]!, t => (string)t!["value"]!);
            Assert.Equal("false", tags["crucible.servable"]);
            Assert.Contains(cases[i].Reason, tags["crucible.unservable_reason"], StringComparison.Ordinal);
            Assert.Equal($"{i + 1}", (string)body["model_version"]!["version"]!);
        }

        // A path that escapes the run's folder is still refused, as MLflow refuses it, and leaves no version.
        var (escape, refused) = await _server.CreateVersionAsync("unservable", $"runs:/{runId}/../other", runId);
        Assert.Equal(400, escape);
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)refused["error_code"]!);
        var versions = await _server.GetAsync("model-versions/search?filter=" + Uri.EscapeDataString("name = 'unservable'"));
        Assert.Equal(cases.Length, versions["model_versions"]!.AsArray().Count);
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

        // The proxy refuses to overwrite a registered version's files, so the change is made behind its back, on disk.
        await File.WriteAllBytesAsync(Path.Combine(_server.ArtifactsFolder, artifacts, "model", "model.onnx"), mlp[..^1]);
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
