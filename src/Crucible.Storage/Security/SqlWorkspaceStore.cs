using System.Data.Common;
using System.Globalization;
using System.Text;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Security;

/// <summary>Workspaces, the workspace of each owned resource, and per-resource grants on SQLite or PostgreSQL (migration 0017).</summary>
internal sealed class SqlWorkspaceStore(IDbExecutor db, TimeProvider time) : IWorkspaceStore
{
    /// <summary>Ids per <c>IN (...)</c> list: well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int Chunk = 500;

    private SqlStatements Sql => db.Dialect.Statements;

    public Task<Workspace> CreateWorkspaceAsync(string name, string description, string createdBy, CancellationToken cancellationToken)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(createdBy);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var inserted = await InsertAsync(c, t, name, description, createdBy, ct).ConfigureAwait(false);
                return inserted == 1
                    ? (await LoadAsync(c, t, name, ct).ConfigureAwait(false))!
                    : throw CrucibleException.AlreadyExists($"A workspace named '{name}' already exists.");
            },
            cancellationToken);
    }

    public Task<Workspace> EnsureWorkspaceAsync(string name, string createdBy, CancellationToken cancellationToken)
    {
        CheckName(name);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await InsertAsync(c, t, name, string.Empty, createdBy, ct).ConfigureAwait(false);
                return (await LoadAsync(c, t, name, ct).ConfigureAwait(false))!;
            },
            cancellationToken);
    }

    public Task<Workspace?> FindWorkspaceAsync(string name, CancellationToken cancellationToken)
    {
        Guard.Required(name, "workspace");
        return db.ReadAsync((c, t, ct) => LoadAsync(c, t, name, ct), cancellationToken);
    }

    public Task<IReadOnlyList<Workspace>> ListWorkspacesAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<Workspace>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListWorkspaces"], ReadWorkspace, ct).ConfigureAwait(false),
            cancellationToken);

    public Task<ResourceLocation?> LocateAsync(ResourceKind kind, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        object key = id;
        if (kind == ResourceKind.Experiment)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return Task.FromResult<ResourceLocation?>(null);
            }

            key = number;
        }

        var grant = kind switch
        {
            ResourceKind.Experiment or ResourceKind.ExperimentName or ResourceKind.Run or ResourceKind.LoggedModel => GrantTarget.Experiment,
            ResourceKind.RegisteredModel => GrantTarget.RegisteredModel,
            _ => (GrantTarget?)null,
        };
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["Locate" + kind], r => new ResourceLocation(r.GetString(0), grant, grant is null ? null : Convert.ToString(r.GetValue(1), CultureInfo.InvariantCulture)), ct, ("@id", key)).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : null;
            },
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, string>> WorkspacesOfAsync(ResourceKind kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var (table, column) = kind switch
        {
            ResourceKind.Experiment => ("experiments", "experiment_id"),
            ResourceKind.RegisteredModel => ("registered_models", "name"),
            ResourceKind.Dataset => ("registered_datasets", "name"),
            ResourceKind.Deployment => ("deployments", "name"),
            ResourceKind.Monitor => ("monitors", "monitor_id"),
            ResourceKind.Pipeline => ("pipelines", "name"),
            ResourceKind.FeatureProject => ("feature_projects", "name"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only directly owned resources have a workspace column."),
        };
        var keys = ids.Distinct(StringComparer.Ordinal)
            .Select(id => kind != ResourceKind.Experiment ? id : long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (object)n : null)
            .OfType<object>()
            .ToList();
        return db.ReadAsync<IReadOnlyDictionary<string, string>>(
            async (c, t, ct) =>
            {
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var chunk in keys.Chunk(Chunk))
                {
                    var sql = new StringBuilder($"SELECT {column}, workspace FROM {table} WHERE {column} IN (");
                    var parameters = new (string Name, object? Value)[chunk.Length];
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        sql.Append(i == 0 ? "@p" : ", @p").Append(i.ToString(CultureInfo.InvariantCulture));
                        parameters[i] = ("@p" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
                    }

                    foreach (var (id, workspace) in await c.QueryAsync(t, sql.Append(')').ToString(), r => (Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture)!, r.GetString(1)), ct, parameters).ConfigureAwait(false))
                    {
                        result[id] = workspace;
                    }
                }

                return result;
            },
            cancellationToken);
    }

    public Task CreateGrantAsync(ResourceGrant grant, CancellationToken cancellationToken)
    {
        Check(grant);
        return db.WriteAsync(
            async (c, t, ct) => await c.ExecuteAsync(t, Sql["InsertGrant"], ct, GrantParameters(grant)).ConfigureAwait(false) == 1
                ? 1
                : throw CrucibleException.AlreadyExists($"{TargetText(grant.Target)} permission for user '{grant.Principal}' on '{grant.ResourceId}' already exists."),
            cancellationToken);
    }

    public Task UpdateGrantAsync(ResourceGrant grant, CancellationToken cancellationToken)
    {
        Check(grant);
        return db.WriteAsync(
            async (c, t, ct) => await c.ExecuteAsync(t, Sql["UpdateGrant"], ct, GrantParameters(grant)).ConfigureAwait(false) == 1
                ? 1
                : throw GrantNotFound(grant.Principal, grant.Target, grant.ResourceId),
            cancellationToken);
    }

    public Task<ResourceGrant?> FindGrantAsync(string principal, GrantTarget target, string resourceId, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async (c, t, ct) => (await c.QueryAsync(t, Sql["GetGrant"], ReadGrant, ct, ("@principal", principal), ("@resource_type", TypeText(target)), ("@resource_id", resourceId)).ConfigureAwait(false)) is [var grant] ? grant : null,
            cancellationToken);

    public Task<IReadOnlyList<ResourceGrant>> ListGrantsAsync(string principal, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<ResourceGrant>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListGrants"], ReadGrant, ct, ("@principal", principal)).ConfigureAwait(false),
            cancellationToken);

    public Task DeleteGrantAsync(string principal, GrantTarget target, string resourceId, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) => await c.ExecuteAsync(t, Sql["DeleteGrant"], ct, ("@principal", principal), ("@resource_type", TypeText(target)), ("@resource_id", resourceId)).ConfigureAwait(false) == 1
                ? 1
                : throw GrantNotFound(principal, target, resourceId),
            cancellationToken);

    public Task MoveGrantsAsync(GrantTarget target, string resourceId, string? newResourceId, CancellationToken cancellationToken) =>
        db.WriteAsync(
            (c, t, ct) => newResourceId is null
                ? c.ExecuteAsync(t, Sql["DeleteResourceGrants"], ct, ("@resource_type", TypeText(target)), ("@resource_id", resourceId))
                : c.ExecuteAsync(t, Sql["MoveResourceGrants"], ct, ("@resource_type", TypeText(target)), ("@resource_id", resourceId), ("@new_id", newResourceId)),
            cancellationToken);

    private Task<int> InsertAsync(DbConnection c, DbTransaction? t, string name, string description, string createdBy, CancellationToken ct) =>
        c.ExecuteAsync(t, Sql["InsertWorkspace"], ct, ("@name", name), ("@description", description), ("@created_by", createdBy), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()));

    private async Task<Workspace?> LoadAsync(DbConnection c, DbTransaction? t, string name, CancellationToken ct) =>
        (await c.QueryAsync(t, Sql["GetWorkspace"], ReadWorkspace, ct, ("@name", name)).ConfigureAwait(false)) is [var workspace] ? workspace : null;

    private static Workspace ReadWorkspace(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.Int64(3));

    private static ResourceGrant ReadGrant(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1) == "experiment" ? GrantTarget.Experiment : GrantTarget.RegisteredModel, r.GetString(2), Enum.Parse<Permission>(r.GetString(3)));

    private static (string Name, object? Value)[] GrantParameters(ResourceGrant grant) =>
        [("@principal", grant.Principal), ("@resource_type", TypeText(grant.Target)), ("@resource_id", grant.ResourceId), ("@permission", grant.Permission.ToString())];

    private static string TypeText(GrantTarget target) => target == GrantTarget.Experiment ? "experiment" : "registered_model";

    private static string TargetText(GrantTarget target) => target == GrantTarget.Experiment ? "Experiment" : "Registered model";

    private static CrucibleException GrantNotFound(string principal, GrantTarget target, string resourceId) =>
        CrucibleException.NotFound($"{TargetText(target)} permission with {(target == GrantTarget.Experiment ? "experiment_id" : "name")}={resourceId} and username={principal} not found");

    private static void Check(ResourceGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        Guard.Required(grant.Principal, "username");
        Guard.Required(grant.ResourceId, grant.Target == GrantTarget.Experiment ? "experiment_id" : "name");
        if (!Enum.IsDefined(grant.Permission) || !Enum.IsDefined(grant.Target))
        {
            throw CrucibleException.Invalid("Invalid permission.");
        }
    }

    private static void CheckName(string? name)
    {
        Guard.Required(name, "name");
        if (name.Length > SqlIdentityStore.MaxNameLength || name.Any(c => char.IsControl(c) || c is '/' or '*') || name != name.Trim())
        {
            throw CrucibleException.Invalid($"Invalid value for parameter 'name': a workspace name has at most {SqlIdentityStore.MaxNameLength} characters, no control characters, '/' or '*', and no leading or trailing space.");
        }
    }
}
