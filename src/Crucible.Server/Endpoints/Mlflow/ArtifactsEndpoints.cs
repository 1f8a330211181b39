using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Security;
using Microsoft.AspNetCore.StaticFiles;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>
/// MLflow's artifact proxy (<c>/api/2.0/mlflow-artifacts/artifacts/...</c>) and the run artifact listing
/// (<c>/api/2.0/mlflow/artifacts/list</c>). Bodies stream straight to and from the store; paths are confined.
/// </summary>
internal static class ArtifactsEndpoints
{
    private const string ProxyScheme = "mlflow-artifacts:";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapArtifactProxy(this IEndpointRouteBuilder api)
    {
        api = api.MapGroup(string.Empty).RequireAccess(AccessPolicies.Artifacts);
        api.MapPut("artifacts/{**path}", UploadAsync).WithAnyBody().Mlflow("UploadArtifact", "Upload an artifact through the proxy");
        api.MapGet("artifacts/{**path}", DownloadAsync).Mlflow("DownloadArtifact", "Download an artifact through the proxy").ProducesBytes();
        api.MapGet("artifacts", (HttpContext h, IArtifactStore s) => ListAsync(h, s, h.Request.Query["path"].ToString())).Mlflow("ListProxiedArtifacts", "List artifacts under a path through the proxy");
        api.MapDelete("artifacts/{**path}", DeleteAsync).Mlflow("DeleteArtifact", "Delete an artifact through the proxy");
    }

    public static void MapRunArtifacts(this IEndpointRouteBuilder api) => api.MapGet("artifacts/list", ListRunArtifactsAsync).Mlflow("ListArtifacts", "List a run's artifacts");

    private static async Task<JsonOk<Empty>> UploadAsync(HttpContext http, IArtifactStore store, RegisteredArtifactGuard registered, string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            throw CrucibleException.Invalid("An artifact upload needs a file path.");
        }

        await registered.CheckWritableAsync(normalized, delete: false, http.RequestAborted);

        await store.PutAsync(normalized, http.Request.Body, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, IArtifactStore store, string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        var stream = await store.OpenReadAsync(normalized, http.RequestAborted);
        var contentType = ContentTypes.TryGetContentType(normalized, out var type) ? type : "application/octet-stream";

        // An uploaded file is the uploader's content served from this origin: a sandbox keeps an HTML artifact's
        // scripts (opened directly, not through the UI's sandboxed frame) from acting as the signed-in viewer.
        http.Response.Headers.ContentSecurityPolicy = "sandbox";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, contentType, fileDownloadName: null, enableRangeProcessing: false);
    }

    private static async Task<JsonOk<ListArtifactsResponse>> ListAsync(HttpContext http, IArtifactStore store, string? path)
    {
        var normalized = ArtifactPath.Normalize(path);
        var entries = await store.ListAsync(normalized, http.RequestAborted);
        var files = entries.Select(e => new FileInfoDto(Name(e.Path), e.IsDir, e.IsDir ? null : e.FileSize)).ToList();
        return JsonOk.Of(new ListArtifactsResponse(null, files.Count == 0 ? null : files, null), Json.ListArtifactsResponse);
    }

    private static async Task<JsonOk<Empty>> DeleteAsync(HttpContext http, IArtifactStore store, RegisteredArtifactGuard registered, string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        await registered.CheckWritableAsync(normalized, delete: true, http.RequestAborted);
        await store.DeleteAsync(normalized, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<ListArtifactsResponse>> ListRunArtifactsAsync(HttpContext http, IRunStore runs, IArtifactStore store)
    {
        var runId = MlflowMapping.RunId(http.Request.Query["run_id"], http.Request.Query["run_uuid"]);
        var relative = ArtifactPath.Normalize(http.Request.Query["path"].ToString());
        var run = await runs.GetRunAsync(runId, http.RequestAborted);
        var root = ProxiedRoot(run.Info.ArtifactUri);
        var entries = await store.ListAsync(ArtifactPath.Combine(root, relative), http.RequestAborted);
        var files = entries
            .Select(e => new FileInfoDto(ArtifactPath.Combine(relative, Name(e.Path)), e.IsDir, e.IsDir ? null : e.FileSize))
            .ToList();
        return JsonOk.Of(new ListArtifactsResponse(run.Info.ArtifactUri, files.Count == 0 ? null : files, null), Json.ListArtifactsResponse);
    }

    /// <summary>The store path behind a run's <c>mlflow-artifacts:/...</c> URI.</summary>
    private static string ProxiedRoot(string artifactUri)
    {
        if (!artifactUri.StartsWith(ProxyScheme, StringComparison.Ordinal))
        {
            throw CrucibleException.Invalid($"Artifacts at '{artifactUri}' are not served by this server's proxy; list them with a client for that store.");
        }

        return ArtifactPath.Normalize(artifactUri[ProxyScheme.Length..].TrimStart('/'));
    }

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];
}
