using Crucible.Core.Security;

namespace Crucible.Server.Security.Workspaces;

/// <summary>
/// One place a request can name the resource it addresses: the field <see cref="Field"/> (a route value, a query
/// parameter, or a top-level field of a JSON body, in that order) holds the id of a <see cref="Kind"/>.
/// <see cref="PathPrefix"/>: the value is an artifact path, and the id is its first segment (null prefix: the
/// experiment folders <c>{experiment_id}/{run_id}/artifacts/...</c>) or the segment after the prefix folder
/// (<c>datasets/{name}/...</c>).
/// </summary>
internal sealed record ResourceKey(string Field, ResourceKind Kind, bool IsPath = false, string? PathPrefix = null)
{
    /// <summary>The id <paramref name="value"/> names, or null when this key does not apply to it.</summary>
    public string? IdIn(string value)
    {
        if (!IsPath)
        {
            return value.Length > 0 ? value : null;
        }

        var segments = value.TrimStart('/').Split('/');
        return PathPrefix is null ? (segments[0].Length > 0 ? segments[0] : null)
            : segments.Length > 1 && segments[0] == PathPrefix && segments[1].Length > 0 ? segments[1] : null;
    }
}

/// <summary>
/// How the requests of one policy group name the resource they address, declared with the group's
/// <see cref="AccessPolicy"/>: the first of <see cref="Keys"/> that a request carries wins. A request that carries
/// none addresses no existing resource (a create, a search, a list): its role counts in the target workspace.
/// </summary>
internal sealed class ResourceLocator(params ResourceKey[] keys)
{
    public IReadOnlyList<ResourceKey> Keys { get; } = keys;

    /// <summary>
    /// The workspace whose role counts when a request names no existing resource; null: the target workspace (the
    /// request's <c>workspace</c>, else the caller's). The artifact proxy's root and stray folders belong to the default workspace.
    /// </summary>
    public string? UnlocatedWorkspace { get; init; }

    /// <summary>True when a key may be in a JSON body (so the guard parses one); inference names its deployment in the route only.</summary>
    public bool ReadsBody { get; init; } = true;

    /// <summary>MLflow tracking: runs, experiments (by id or name) and logged models.</summary>
    public static ResourceLocator Tracking { get; } = new(
        new("run_id", ResourceKind.Run),
        new("run_uuid", ResourceKind.Run),
        new("model_id", ResourceKind.LoggedModel),
        new("experiment_id", ResourceKind.Experiment),
        new("experiment_name", ResourceKind.ExperimentName));

    /// <summary>The artifact proxy: a dataset's files (<c>datasets/{name}/...</c>), else the experiment whose id is the path's first segment.</summary>
    public static ResourceLocator Artifacts { get; } = new(
        new ResourceKey("path", ResourceKind.Dataset, IsPath: true, PathPrefix: "datasets"),
        new ResourceKey("path", ResourceKind.Experiment, IsPath: true))
    {
        UnlocatedWorkspace = Core.Security.Caller.DefaultWorkspace,
    };

    /// <summary>The registry: a model by name (MLflow's <c>name</c>, the native <c>models/{name}</c>), a run for packages.</summary>
    public static ResourceLocator Registry { get; } = new(new("name", ResourceKind.RegisteredModel), new("runId", ResourceKind.Run));

    public static ResourceLocator Datasets { get; } = new(new ResourceKey("name", ResourceKind.Dataset));

    /// <summary>Deployments and inference: the deployment by name.</summary>
    public static ResourceLocator Deployments { get; } = new(new ResourceKey("name", ResourceKind.Deployment));

    /// <summary>
    /// Inference: the deployment in the route (<c>{name}</c>), else the one <c>crucible serve</c> serves. Never the
    /// body: a payload's own <c>name</c> field is data, and parsing every payload would sit on the serving hot path.
    /// </summary>
    public static ResourceLocator Inference { get; } = new(new ResourceKey("name", ResourceKind.Deployment)) { ReadsBody = false };

    /// <summary>Monitoring: a monitor by id, a deployment by route name or a monitor body's <c>deployment</c>.</summary>
    public static ResourceLocator Monitoring { get; } = new(
        new("id", ResourceKind.Monitor),
        new("name", ResourceKind.Deployment),
        new("deployment", ResourceKind.Deployment));

    /// <summary>Pipelines by name, pipeline runs by id.</summary>
    public static ResourceLocator Pipelines { get; } = new(new("name", ResourceKind.Pipeline), new("id", ResourceKind.PipelineRun));

    /// <summary>Feature projects by name (<c>features/projects/{name}</c>, or an apply's or an online read's <c>name</c>/<c>project</c>).</summary>
    public static ResourceLocator Features { get; } = new(new("name", ResourceKind.FeatureProject), new("project", ResourceKind.FeatureProject));

    /// <summary>MLflow's permission endpoints: the experiment or registered model a grant is on.</summary>
    public static ResourceLocator Grants { get; } = new(new("experiment_id", ResourceKind.Experiment), new("name", ResourceKind.RegisteredModel));

    /// <summary>The message a missing resource of <paramref name="kind"/> gets from its own handler, so an unreadable one answers the same.</summary>
    public static string NotFoundMessage(ResourceKind kind, string id) => kind switch
    {
        ResourceKind.Experiment => $"No Experiment with id={id} exists",
        ResourceKind.ExperimentName => $"Could not find experiment with name '{id}'",
        ResourceKind.Run => $"Run with id={id} not found",
        ResourceKind.LoggedModel => $"Logged model with ID '{id}' not found.",
        ResourceKind.RegisteredModel => $"Registered Model with name={id} not found",
        ResourceKind.Dataset => $"Dataset '{id}' does not exist.",
        ResourceKind.Deployment => $"Deployment '{id}' does not exist.",
        ResourceKind.Monitor => $"Monitor '{id}' does not exist.",
        ResourceKind.Pipeline => $"Pipeline '{id}' does not exist.",
        ResourceKind.FeatureProject => $"Feature project '{id}' does not exist.",
        _ => $"Pipeline run '{id}' does not exist.",
    };
}
