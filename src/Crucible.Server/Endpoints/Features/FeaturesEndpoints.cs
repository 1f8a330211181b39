using System.Globalization;
using Crucible.Contracts.Features;
using Crucible.Core.Errors;
using Crucible.Core.Features;
using Crucible.Features.Definitions;
using Crucible.Features.Historical;
using Crucible.Features.Online;
using Crucible.Features.Registry;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Features;

/// <summary>
/// The feature store's native API (ProblemDetails errors): feature projects (definition files) applied, listed and
/// shown under <c>/api/crucible/v1/features/projects</c>, versioned and owned by a workspace, and online features
/// (<c>POST /api/crucible/v1/features/online</c>: entity keys to values with their event time and age).
/// </summary>
internal static class FeaturesEndpoints
{
    /// <summary>The most entities one online read takes.</summary>
    public const int MaxEntities = 1_000;

    private static FeaturesJsonContext Json => FeaturesJsonContext.Default;

    public static void MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        var features = app.MapGroup("features").RequireAccess(AccessPolicies.Features);
        features.MapPost("projects", ApplyAsync).Native("ApplyFeatureProject", "Apply feature definition files as a new version of a feature project").Body<ApplyFeaturesRequest>();
        features.MapGet("projects", ListAsync).Native("ListFeatureProjects", "List feature projects (latest versions)");
        features.MapGet("projects/{name}", GetAsync).Native("GetFeatureProject", "Get a feature project version with its files");
        features.MapPost("online", OnlineAsync).Native("GetOnlineFeatures", "Read online feature values for entity keys").Body<OnlineFeaturesRequest>().ReadsOnly();
    }

    private static async Task<JsonOk<ApplyFeaturesResponse>> ApplyAsync(HttpContext http, FeatureProjects projects)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.ApplyFeaturesRequest);
        var name = Guard.Required(request.Name, "name");
        var files = request.Files ?? throw CrucibleException.Invalid("Missing value for required parameter 'files'.");
        var (version, repo, created) = await projects.ApplyAsync(name, files, Security.Workspaces.TargetWorkspaceAccess.TargetWorkspace(http), http.RequestAborted);
        return JsonOk.Of(new ApplyFeaturesResponse(ToDto(version, repo, withFiles: false), created), Json.ApplyFeaturesResponse);
    }

    private static async Task<JsonOk<FeatureProjectsResponse>> ListAsync(HttpContext http, FeatureProjects projects)
    {
        var all = await Security.Workspaces.ReadFilter.ReadableAsync(http, await projects.Store.ListAsync(http.RequestAborted), Core.Security.ResourceKind.FeatureProject, p => p.Project);
        var dtos = new List<FeatureProjectDto>();
        foreach (var project in all)
        {
            var (version, repo) = await projects.GetAsync(project.Project, project.Version, http.RequestAborted);
            dtos.Add(ToDto(version, repo, withFiles: false));
        }

        return JsonOk.Of(new FeatureProjectsResponse(dtos), Json.FeatureProjectsResponse);
    }

    private static async Task<JsonOk<FeatureProjectResponse>> GetAsync(HttpContext http, FeatureProjects projects, string name)
    {
        long? wanted = http.Request.Query["version"].FirstOrDefault() is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw CrucibleException.Invalid($"Invalid version '{text}': expected a positive whole number.")
            : null;
        var (version, repo) = await projects.GetAsync(name, wanted, http.RequestAborted);
        return JsonOk.Of(new FeatureProjectResponse(ToDto(version, repo, withFiles: true)), Json.FeatureProjectResponse);
    }

    private static async Task<JsonOk<OnlineFeaturesResponse>> OnlineAsync(HttpContext http, FeatureProjects projects, FeatureServing serving)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.OnlineFeaturesRequest);
        var (_, repo) = await projects.GetAsync(Guard.Required(request.Project, "project"), null, http.RequestAborted);
        var features = request.Service is { } service ? repo.Service(service).Features
            : request.Features is { Count: > 0 } list ? [.. list.Select(FeatureRef.Parse)]
            : throw CrucibleException.Invalid("Give 'features' (VIEW:FEATURE, ...) or 'service'.");
        var entities = request.Entities is { Count: > 0 and <= MaxEntities } e ? e : throw CrucibleException.Invalid($"'entities' must list 1 to {MaxEntities} entities, each a map of join key to value.");
        var answers = await serving.GetAsync(repo, features, entities, http.RequestAborted);
        return JsonOk.Of(new OnlineFeaturesResponse([.. answers.Select(a => new OnlineEntityDto([.. a.Select(ToDto)]))]), Json.OnlineFeaturesResponse);
    }

    private static OnlineValueDto ToDto(OnlineValue v) =>
        new(v.Feature, v.Value, v.EventTime is { } t ? FeatureTimestamps.Format(t.UtcTicks) : null, v.Age?.TotalSeconds, v.Stale);

    private static FeatureProjectDto ToDto(FeatureProjectVersion version, FeatureRepo repo, bool withFiles) => new(
        version.Project,
        version.Version,
        version.Workspace,
        version.Digest,
        version.CreationTimeMs,
        [.. repo.Entities.Select(e => e.Name)],
        [.. repo.Views.Select(v => new FeatureViewDto(v.Name, v.Entities, repo.JoinKeys(v), v.Source, (long)v.Ttl.TotalSeconds, v.Owner, v.Tags, [.. v.Features.Select(f => new FeatureDto(f.Name, f.Type))]))],
        [.. repo.Services.Select(s => new FeatureServiceDto(s.Name, [.. s.Features.Select(f => f.ToString())], s.Description))],
        withFiles ? FeatureProjects.Files(version) : null);
}
