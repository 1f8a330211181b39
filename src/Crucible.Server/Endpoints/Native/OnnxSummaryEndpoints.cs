using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.DataQuality.Registration;
using Crucible.Onnx.Model;
using Crucible.Registry;
using Crucible.Server.Endpoints.Contract;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// The summary of an ONNX file in a run's artifacts (inputs, outputs, opsets, node counts by operator), read from the
/// graph's outline without ONNX Runtime: the web UI's artifact preview, and anyone who wants to know what a logged
/// model is before registering it. Read access is the registry's (a viewer).
/// </summary>
internal static class OnnxSummaryEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapOnnxSummaries(this IEndpointRouteBuilder api) =>
        api.MapGet("runs/{runId}/onnx/{**path}", DescribeAsync).Native("DescribeOnnxArtifact", "Describe an ONNX file in a run's artifacts: signature, opsets, node counts by operator");

    private static async Task<JsonOk<OnnxSummaryDto>> DescribeAsync(HttpContext http, IRunStore runs, IArtifactStore artifacts, string runId, string path)
    {
        var relative = ArtifactPath.Normalize(path);
        if (relative.Length == 0)
        {
            throw CrucibleException.Invalid("Name the ONNX file inside the run's artifacts, e.g. 'model/model.onnx'.");
        }

        var run = await runs.GetRunAsync(runId, http.RequestAborted);
        var root = ArtifactUri.StorePath(run.Info.ArtifactUri)
            ?? throw CrucibleException.Invalid($"Artifacts at '{run.Info.ArtifactUri}' are not served by this server's proxy.");
        using var temp = new TempPath(Path.Combine(Path.GetTempPath(), $"crucible-onnx-{Guid.NewGuid():N}.onnx"));
        long size;
        await using (var source = await artifacts.OpenReadAsync(ArtifactPath.Combine(root, relative), http.RequestAborted))
        await using (var file = new FileStream(temp.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await source.CopyToAsync(file, http.RequestAborted);
            size = file.Length;
        }

        var info = OnnxModelOutline.Read(temp.Path);
        return JsonOk.Of(OnnxSummaries.Describe(info, runId, relative, size), Json.OnnxSummaryDto);
    }
}
