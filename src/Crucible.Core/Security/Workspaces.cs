namespace Crucible.Core.Security;

/// <summary>A workspace: it owns experiments, registered models, datasets, deployments, monitors and pipelines.</summary>
public sealed record Workspace(string Name, string Description, string CreatedBy, long CreationTimeMs);

/// <summary>What a request can address: each kind is owned by a workspace directly or through its parent.</summary>
public enum ResourceKind
{
    /// <summary>By id; owned by its workspace.</summary>
    Experiment,

    /// <summary>An experiment addressed by its name (MLflow's <c>get-by-name</c>).</summary>
    ExperimentName,

    /// <summary>By run id; owned through its experiment.</summary>
    Run,

    /// <summary>An MLflow 3 logged model, by model id; owned through its experiment.</summary>
    LoggedModel,

    /// <summary>By name; versions, aliases, packages and evaluations belong to it.</summary>
    RegisteredModel,

    /// <summary>A registered dataset, by name.</summary>
    Dataset,

    /// <summary>By name; its routes, predictions, labels, profiles and retention belong to it.</summary>
    Deployment,

    /// <summary>A drift monitor, by id.</summary>
    Monitor,

    /// <summary>By name.</summary>
    Pipeline,

    /// <summary>A pipeline run, by id; owned through its pipeline.</summary>
    PipelineRun,

    /// <summary>A feature project (feature store definitions), by name; its versions belong to it.</summary>
    FeatureProject,
}

/// <summary>The resources a per-resource grant can name, as MLflow's auth app does.</summary>
public enum GrantTarget
{
    /// <summary>An experiment, by id (its runs and logged models follow it).</summary>
    Experiment,

    /// <summary>A registered model, by name (its versions follow it).</summary>
    RegisteredModel,
}

/// <summary>MLflow's permissions: READ, EDIT, MANAGE, and NO_PERMISSIONS, which denies whatever the workspace role says.</summary>
public enum Permission
{
    Read,
    Edit,
    Manage,
    NoPermissions,
}

/// <summary>One principal's permission on one experiment (<see cref="ResourceId"/>: its id) or registered model (its name).</summary>
public sealed record ResourceGrant(string Principal, GrantTarget Target, string ResourceId, Permission Permission);

/// <summary>Where an addressed resource lives: its workspace, and the experiment or model a grant on it would name.</summary>
public sealed record ResourceLocation(string Workspace, GrantTarget? GrantTarget, string? GrantId);

/// <summary>
/// Workspaces, what they own, and per-resource grants. The workspace <c>default</c> always exists and owns every
/// resource created without another. Unknown workspaces and grants are <c>RESOURCE_DOES_NOT_EXIST</c>, a taken
/// name or an existing grant <c>RESOURCE_ALREADY_EXISTS</c>.
/// </summary>
public interface IWorkspaceStore
{
    Task<Workspace> CreateWorkspaceAsync(string name, string description, string createdBy, CancellationToken cancellationToken);

    /// <summary>The workspace, created (with an empty description) when it does not exist yet.</summary>
    Task<Workspace> EnsureWorkspaceAsync(string name, string createdBy, CancellationToken cancellationToken);

    Task<Workspace?> FindWorkspaceAsync(string name, CancellationToken cancellationToken);

    /// <summary>All workspaces by name.</summary>
    Task<IReadOnlyList<Workspace>> ListWorkspacesAsync(CancellationToken cancellationToken);

    /// <summary>Where the resource <paramref name="id"/> of <paramref name="kind"/> lives; null when there is none.</summary>
    Task<ResourceLocation?> LocateAsync(ResourceKind kind, string id, CancellationToken cancellationToken);

    /// <summary>
    /// The workspace of each of <paramref name="ids"/> that exists (experiments, registered models, datasets,
    /// deployments, monitors, pipelines), in one read per few hundred ids: what list and search filtering needs.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> WorkspacesOfAsync(ResourceKind kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Stores a new grant; <c>RESOURCE_ALREADY_EXISTS</c> when the principal has one on that resource.</summary>
    Task CreateGrantAsync(ResourceGrant grant, CancellationToken cancellationToken);

    /// <summary>Changes an existing grant's permission; <c>RESOURCE_DOES_NOT_EXIST</c> when there is none.</summary>
    Task UpdateGrantAsync(ResourceGrant grant, CancellationToken cancellationToken);

    Task<ResourceGrant?> FindGrantAsync(string principal, GrantTarget target, string resourceId, CancellationToken cancellationToken);

    /// <summary>Every grant of <paramref name="principal"/>.</summary>
    Task<IReadOnlyList<ResourceGrant>> ListGrantsAsync(string principal, CancellationToken cancellationToken);

    /// <summary>Deletes the grant; <c>RESOURCE_DOES_NOT_EXIST</c> when there is none.</summary>
    Task DeleteGrantAsync(string principal, GrantTarget target, string resourceId, CancellationToken cancellationToken);

    /// <summary>Deletes every grant on a resource (it was deleted), or moves them to its new id (a model was renamed).</summary>
    Task MoveGrantsAsync(GrantTarget target, string resourceId, string? newResourceId, CancellationToken cancellationToken);
}
