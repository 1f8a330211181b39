using System.Text.Json.Nodes;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Exposure;

/// <summary>
/// Issue 15, item 6: what a registered version points at cannot be overwritten or deleted through the MLflow artifact
/// proxy (PERMISSION_DENIED, bytes unchanged), while the run's other artifacts stay writable.
/// </summary>
public sealed class RegisteredArtifactTests
{
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts/";

    [Fact]
    public async Task A_registered_versions_model_file_cannot_be_overwritten_or_deleted_but_other_artifacts_can()
    {
        await using var owned = await ServingServer.StartAsync(o => o).AsDisposable();
        var server = owned.Server;
        await server.RegisterAsync("guarded", ServingServer.Fixture("linear_classifier.onnx"));
        var version = (await server.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/model-versions/get?name=guarded&version=1"))["model_version"]!;
        var run = (await server.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/runs/get?run_id={server.LastRunId}"))["run"]!;
        var root = ((string)run["info"]!["artifact_uri"]!)["mlflow-artifacts:".Length..].TrimStart('/');
        var source = (string)version["source"]!;
        var folder = source.StartsWith("runs:/", StringComparison.Ordinal)
            ? root + "/" + source[("runs:/" + server.LastRunId + "/").Length..]
            : source["mlflow-artifacts:".Length..].TrimStart('/');
        var listing = await server.OkAsync(HttpMethod.Get, "/api/2.0/mlflow-artifacts/artifacts?path=" + Uri.EscapeDataString(folder));
        var onnx = listing["files"]!.AsArray().Select(f => (string)f!["path"]!).Single(p => p.EndsWith(".onnx", StringComparison.Ordinal));
        var file = folder + "/" + onnx;
        var before = await server.Http.GetByteArrayAsync(Proxy + file);

        using var overwrite = await server.Http.PutAsync(Proxy + file, new ByteArrayContent("not a model"u8.ToArray()));
        var overwriteBody = JsonNode.Parse(await overwrite.Content.ReadAsStringAsync())!;
        using var deleteFile = await server.Http.DeleteAsync(Proxy + file);
        using var deleteFolder = await server.Http.DeleteAsync(Proxy + folder);
        using var deleteRun = await server.Http.DeleteAsync(Proxy + root[..root.LastIndexOf('/')]);
        var deleteBody = JsonNode.Parse(await deleteFile.Content.ReadAsStringAsync())!;

        Assert.Equal(403, (int)overwrite.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (string)overwriteBody["error_code"]!);
        Assert.Contains("registered model 'guarded' version 1", (string)overwriteBody["message"]!, StringComparison.Ordinal);
        Assert.Contains("cannot be overwritten", (string)overwriteBody["message"]!, StringComparison.Ordinal);
        Assert.Equal(403, (int)deleteFile.StatusCode);
        Assert.Contains("cannot be deleted", (string)deleteBody["message"]!, StringComparison.Ordinal);
        Assert.Equal(403, (int)deleteFolder.StatusCode);
        Assert.Equal(403, (int)deleteRun.StatusCode);
        Assert.Equal(before, await server.Http.GetByteArrayAsync(Proxy + file));

        // The run's other artifacts are not frozen.
        using var notes = await server.Http.PutAsync(Proxy + root + "/notes.txt", new ByteArrayContent("v1"u8.ToArray()));
        using var notesAgain = await server.Http.PutAsync(Proxy + root + "/notes.txt", new ByteArrayContent("v2"u8.ToArray()));
        Assert.True(notes.IsSuccessStatusCode && notesAgain.IsSuccessStatusCode);
        Assert.Equal("v2", await server.Http.GetStringAsync(Proxy + root + "/notes.txt"));
        using var deleteNotes = await server.Http.DeleteAsync(Proxy + root + "/notes.txt");
        Assert.True(deleteNotes.IsSuccessStatusCode);
    }
}
