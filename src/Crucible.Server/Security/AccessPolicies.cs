using Crucible.Core.Security;
using Crucible.Server.Security.Workspaces;

namespace Crucible.Server.Security;

/// <summary>
/// The access policy of every route group (the table in docs/security.md, "Authorization"). Reads need a viewer;
/// creating and changing runs, experiments, models, versions, datasets and evaluations an editor; deleting, moving
/// aliases and stages, deployments, routes, monitors and pipelines a maintainer; accounts and privileged features an
/// admin. Inference takes a viewer or the serving-only token of the deployment it addresses; that token may call
/// nothing else.
/// </summary>
internal static class AccessPolicies
{
    private static readonly Access Viewer = Access.In(Role.Viewer);
    private static readonly Access Editor = Access.In(Role.Editor);
    private static readonly Access Maintainer = Access.In(Role.Maintainer);

    /// <summary>Anyone: health, version, sign-in, the OpenAPI document and its reference page (they describe the API, no data).</summary>
    public static AccessPolicy Public { get; } = new("public", Access.Public, Access.Public);

    /// <summary>
    /// The web UI's shell and static files (<c>/</c>, <c>/ui/…</c>): anyone, since the shell is the sign-in page and
    /// neither holds data (every page reads the API under the caller's own policy). The UI maps no other method.
    /// </summary>
    public static AccessPolicy Ui { get; } = new("ui", Access.Public, Access.Server(Role.Admin));

    /// <summary><c>/metrics</c>: a viewer in any workspace (a Prometheus scraper gets a viewer token).</summary>
    public static AccessPolicy Observability { get; } = new("observability", Access.Server(Role.Viewer), Access.Server(Role.Admin));

    /// <summary>User, service-account and token administration, MLflow's auth endpoints: admins only.</summary>
    public static AccessPolicy Administration { get; } = new("administration", Access.Server(Role.Admin), Access.Server(Role.Admin));

    /// <summary>A caller's own account (who am I, sign out, own tokens): any authenticated caller but a serving-only token.</summary>
    public static AccessPolicy Account { get; } = new("account", Access.Server(Role.Viewer), Access.Server(Role.Viewer));

    /// <summary>MLflow tracking: experiments, runs, logging, logged models, run artifact listing. Delete and restore need a maintainer.</summary>
    public static AccessPolicy Tracking { get; } = new(
        "tracking",
        Viewer,
        Editor,
        new AccessRule(HttpMethods.Post, "experiments/delete", Maintainer),
        new AccessRule(HttpMethods.Post, "experiments/restore", Maintainer),
        new AccessRule(HttpMethods.Post, "runs/delete", Maintainer),
        new AccessRule(HttpMethods.Post, "runs/restore", Maintainer),
        new AccessRule(HttpMethods.Delete, "/tags/{**tag_key}", Editor),
        new AccessRule(HttpMethods.Delete, string.Empty, Maintainer)) { Locator = ResourceLocator.Tracking };

    /// <summary>The artifact proxy: upload needs an editor, delete a maintainer.</summary>
    public static AccessPolicy Artifacts { get; } = new("artifacts", Viewer, Editor, new AccessRule(HttpMethods.Delete, string.Empty, Maintainer)) { Locator = ResourceLocator.Artifacts };

    /// <summary>
    /// The model registry (MLflow's and Crucible's: packages, lineage, evaluations): creating and changing models and
    /// versions needs an editor; deleting, renaming, moving an alias or a stage a maintainer.
    /// </summary>
    public static AccessPolicy Registry { get; } = new(
        "registry",
        Viewer,
        Editor,
        new AccessRule(HttpMethods.Delete, "delete-tag", Editor),
        new AccessRule(HttpMethods.Post, "registered-models/alias", Maintainer),
        new AccessRule(HttpMethods.Delete, "registered-models/alias", Maintainer),
        new AccessRule(HttpMethods.Post, "registered-models/rename", Maintainer),
        new AccessRule(HttpMethods.Post, "model-versions/transition-stage", Maintainer),
        new AccessRule(HttpMethods.Post, "/approve", Maintainer),
        new AccessRule(HttpMethods.Post, "/reject", Maintainer),
        new AccessRule(HttpMethods.Delete, string.Empty, Maintainer)) { Locator = ResourceLocator.Registry };

    /// <summary>Datasets: registering versions, checks and redaction need an editor; deleting a maintainer.</summary>
    public static AccessPolicy Datasets { get; } = new("datasets", Viewer, Editor, new AccessRule(HttpMethods.Delete, string.Empty, Maintainer)) { Locator = ResourceLocator.Datasets };

    /// <summary>Deployments and their routes: any change needs a maintainer.</summary>
    public static AccessPolicy Deployments { get; } = new("deployments", Viewer, Maintainer) { Locator = ResourceLocator.Deployments };

    /// <summary>Monitors, alerts, retention: changes need a maintainer; ground-truth labels and partial profiles (data coming in) an editor.</summary>
    public static AccessPolicy Monitoring { get; } = new(
        "monitoring",
        Viewer,
        Maintainer,
        new AccessRule(HttpMethods.Post, "/labels", Editor),
        new AccessRule(HttpMethods.Post, "/profiles", Editor)) { Locator = ResourceLocator.Monitoring };

    /// <summary>Pipelines: creating one or starting a run needs a maintainer (command steps are an admin's privilege on top).</summary>
    public static AccessPolicy Pipelines { get; } = new("pipelines", Viewer, Maintainer) { Locator = ResourceLocator.Pipelines };

    /// <summary>
    /// MLflow's per-resource permission endpoints: managing the grants on an experiment or a registered model needs a
    /// maintainer on it (MLflow's MANAGE), which an admin of the server is everywhere.
    /// </summary>
    public static AccessPolicy Permissions { get; } = new("permissions", Maintainer, Maintainer) { Locator = ResourceLocator.Grants };

    /// <summary>
    /// Serving (Open Inference Protocol, MLflow scoring): health, readiness and ping are public so probes need no
    /// credentials; every other call takes a viewer or the addressed deployment's serving-only token.
    /// </summary>
    public static AccessPolicy Inference { get; } = new(
        "inference",
        Access.Inference,
        Access.Inference,
        new AccessRule(HttpMethods.Get, "health/live", Access.Public),
        new AccessRule(HttpMethods.Get, "health/ready", Access.Public),
        new AccessRule(HttpMethods.Get, "ping", Access.Public)) { Locator = ResourceLocator.Inference };

    /// <summary>
    /// The Open Inference Protocol's gRPC service: as <see cref="Inference"/> (liveness and readiness public), but the
    /// deployment is named in the message, so the service itself checks the caller against it.
    /// </summary>
    public static AccessPolicy InferenceGrpc { get; } = new(
        "inference-grpc",
        Access.Inference,
        Access.Inference,
        new AccessRule(null, "/ServerLive", Access.Public),
        new AccessRule(null, "/ServerReady", Access.Public)) { Locator = ResourceLocator.Inference, AddressedInMessage = true };

    /// <summary>Every policy, for the documentation test and the route walk.</summary>
    /// <summary>The feature store: applying definitions needs a maintainer; reading them and online features a viewer.</summary>
    public static AccessPolicy Features { get; } = new("features", Viewer, Maintainer) { Locator = ResourceLocator.Features };

    public static IReadOnlyList<AccessPolicy> All { get; } =
        [Public, Ui, Observability, Administration, Account, Tracking, Artifacts, Registry, Datasets, Deployments, Monitoring, Pipelines, Permissions, Inference, InferenceGrpc, Features];
}
