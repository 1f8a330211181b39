using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Core.Security;
using Crucible.Core.Serving;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Security;

/// <summary>Workspaces, what they own (migration 0017's columns) and per-resource grants, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class WorkspaceStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    private IWorkspaceStore Workspaces => Store.Workspaces;

    private static CancellationToken Ct => CancellationToken.None;

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    [Fact]
    public async Task The_default_workspace_exists_and_new_ones_are_created_once()
    {
        Assert.Equal(["default"], (await Workspaces.ListWorkspacesAsync(Ct)).Select(w => w.Name));
        var team = await Workspaces.CreateWorkspaceAsync("team-a", "fraud models", "admin", Ct);
        Assert.Equal(("team-a", "fraud models", "admin", Clock.GetUtcNow().ToUnixTimeMilliseconds()), (team.Name, team.Description, team.CreatedBy, team.CreationTimeMs));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, (await Assert.ThrowsAsync<CrucibleException>(() => Workspaces.CreateWorkspaceAsync("team-a", "", "admin", Ct))).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await Assert.ThrowsAsync<CrucibleException>(() => Workspaces.CreateWorkspaceAsync("*", "", "admin", Ct))).Code);
        Assert.Equal("fraud models", (await Workspaces.EnsureWorkspaceAsync("team-a", "someone", Ct)).Description);
        Assert.Equal(string.Empty, (await Workspaces.EnsureWorkspaceAsync("team-b", "someone", Ct)).Description);
        Assert.Equal(["default", "team-a", "team-b"], (await Workspaces.ListWorkspacesAsync(Ct)).Select(w => w.Name));
        Assert.Null(await Workspaces.FindWorkspaceAsync("team-c", Ct));
    }

    [Fact]
    public async Task Every_owned_resource_records_the_workspace_it_was_created_in_and_children_follow_their_parent()
    {
        var inA = await Store.Experiments.CreateExperimentAsync("exp-a", null, [], "a", Ct);
        var inDefault = await Store.Experiments.CreateExperimentAsync("exp-d", null, [], Ct);
        var run = await Store.Runs.CreateRunAsync(new Core.Tracking.CreateRunRequest(inA, "alice", null, 1, []), Ct);
        await Store.Registry.CreateRegisteredModelAsync("model-a", [], null, "a", Ct);
        await Store.Deployments.CreateDeploymentAsync(
            new DeploymentSpec("dep-a", [new DeploymentRoute(ModelReference.ToVersion("model-a", "1"), 1)], null, BatchingSettings.Off) { Workspace = "a" }, Ct);
        var monitor = await Store.Monitors.CreateMonitorAsync(new MonitorSpec("dep-a", 0, 10) { Workspace = "a" }, Ct);
        await Store.Pipelines.SavePipelineAsync("pipe-a", "name: pipe-a", "a", Ct);
        await Store.Datasets.RegisterVersionAsync(
            new NewDatasetVersion("data-a", new string('a', 64), null, "mlflow-artifacts:/datasets/x", "csv", 1, 1, "{}", "{}", DatasetProvenance.None) { Workspace = "a" }, Ct);

        Assert.Equal(new ResourceLocation("a", GrantTarget.Experiment, inA), await Workspaces.LocateAsync(ResourceKind.Experiment, inA, Ct));
        Assert.Equal(new ResourceLocation("a", GrantTarget.Experiment, inA), await Workspaces.LocateAsync(ResourceKind.ExperimentName, "exp-a", Ct));
        Assert.Equal(new ResourceLocation("a", GrantTarget.Experiment, inA), await Workspaces.LocateAsync(ResourceKind.Run, run.Info.RunId, Ct));
        Assert.Equal(new ResourceLocation("default", GrantTarget.Experiment, inDefault), await Workspaces.LocateAsync(ResourceKind.Experiment, inDefault, Ct));
        Assert.Equal(new ResourceLocation("a", GrantTarget.RegisteredModel, "model-a"), await Workspaces.LocateAsync(ResourceKind.RegisteredModel, "model-a", Ct));
        Assert.Equal("a", (await Workspaces.LocateAsync(ResourceKind.Deployment, "dep-a", Ct))!.Workspace);
        Assert.Equal("a", (await Workspaces.LocateAsync(ResourceKind.Monitor, monitor.Id, Ct))!.Workspace);
        Assert.Equal("a", (await Workspaces.LocateAsync(ResourceKind.Pipeline, "pipe-a", Ct))!.Workspace);
        Assert.Equal("a", (await Workspaces.LocateAsync(ResourceKind.Dataset, "data-a", Ct))!.Workspace);
        Assert.Null(await Workspaces.LocateAsync(ResourceKind.Experiment, "not-a-number", Ct));
        Assert.Null(await Workspaces.LocateAsync(ResourceKind.RegisteredModel, "missing", Ct));
        Assert.Equal("0", (await Workspaces.LocateAsync(ResourceKind.Experiment, "0", Ct))!.GrantId); // the Default experiment, migrated in 'default'

        var owners = await Workspaces.WorkspacesOfAsync(ResourceKind.Experiment, [inA, inDefault, "0", "999", "x"], Ct);
        Assert.Equal(new Dictionary<string, string> { [inA] = "a", [inDefault] = "default", ["0"] = "default" }, owners);
        var many = Enumerable.Range(0, 1200).Select(i => "m" + i).Append("model-a").ToList();
        Assert.Equal(new Dictionary<string, string> { ["model-a"] = "a" }, await Workspaces.WorkspacesOfAsync(ResourceKind.RegisteredModel, many, Ct));

        // A pipeline is replaced only in its own workspace: the same name elsewhere is refused, not taken over.
        Assert.Equal("name: pipe-a\n", (await Store.Pipelines.SavePipelineAsync("pipe-a", "name: pipe-a\n", "a", Ct)).Yaml);
        Assert.Equal(ErrorCode.ResourceAlreadyExists, (await Assert.ThrowsAsync<CrucibleException>(() => Store.Pipelines.SavePipelineAsync("pipe-a", "name: pipe-a", "b", Ct))).Code);
        Assert.Equal("a", (await Workspaces.LocateAsync(ResourceKind.Pipeline, "pipe-a", Ct))!.Workspace);
    }

    [Fact]
    public async Task Grants_are_created_once_updated_listed_moved_and_deleted()
    {
        var grant = new ResourceGrant("bob", GrantTarget.Experiment, "1", Permission.Read);
        await Workspaces.CreateGrantAsync(grant, Ct);
        Assert.Equal(ErrorCode.ResourceAlreadyExists, (await Assert.ThrowsAsync<CrucibleException>(() => Workspaces.CreateGrantAsync(grant, Ct))).Code);
        await Workspaces.UpdateGrantAsync(grant with { Permission = Permission.NoPermissions }, Ct);
        Assert.Equal(Permission.NoPermissions, (await Workspaces.FindGrantAsync("bob", GrantTarget.Experiment, "1", Ct))!.Permission);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<CrucibleException>(() => Workspaces.UpdateGrantAsync(grant with { ResourceId = "2" }, Ct))).Code);
        await Workspaces.CreateGrantAsync(new ResourceGrant("bob", GrantTarget.RegisteredModel, "churn", Permission.Manage), Ct);
        Assert.Equal(
            [new ResourceGrant("bob", GrantTarget.Experiment, "1", Permission.NoPermissions), new ResourceGrant("bob", GrantTarget.RegisteredModel, "churn", Permission.Manage)],
            await Workspaces.ListGrantsAsync("bob", Ct));

        await Workspaces.MoveGrantsAsync(GrantTarget.RegisteredModel, "churn", "churn-v2", Ct);
        Assert.Equal(Permission.Manage, (await Workspaces.FindGrantAsync("bob", GrantTarget.RegisteredModel, "churn-v2", Ct))!.Permission);
        await Workspaces.MoveGrantsAsync(GrantTarget.RegisteredModel, "churn-v2", null, Ct);
        Assert.Null(await Workspaces.FindGrantAsync("bob", GrantTarget.RegisteredModel, "churn-v2", Ct));

        await Workspaces.DeleteGrantAsync("bob", GrantTarget.Experiment, "1", Ct);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<CrucibleException>(() => Workspaces.DeleteGrantAsync("bob", GrantTarget.Experiment, "1", Ct))).Code);

        // Deleting a principal deletes its grants.
        await Store.Identities.CreatePrincipalAsync("carol", PrincipalKind.ServiceAccount, null, string.Empty, "admin", Ct);
        await Workspaces.CreateGrantAsync(new ResourceGrant("carol", GrantTarget.Experiment, "1", Permission.Edit), Ct);
        await Store.Identities.DeletePrincipalAsync("carol", Ct);
        Assert.Empty(await Workspaces.ListGrantsAsync("carol", Ct));
    }
}

public sealed class SqliteWorkspaceStoreTests : WorkspaceStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override string StoreUri() => "sqlite:///" + _dir.File("crucible.db");

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresWorkspaceStoreTests : WorkspaceStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("workspaces");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
