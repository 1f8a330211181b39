using Crucible.Core.Tracking;
using Crucible.Storage.Relational;
using Crucible.Storage.Tracking;
using Npgsql;

namespace Crucible.Storage;

/// <summary>Settings of the metadata store that do not come from its URI.</summary>
public sealed record MetadataStoreOptions
{
    /// <summary>Where new experiments put their artifacts, e.g. <c>mlflow-artifacts:/</c> when the server proxies artifacts.</summary>
    public string DefaultArtifactRoot { get; init; } = "mlflow-artifacts:/";

    /// <summary>SQLite only: sync the log at every commit so a machine crash loses no acknowledged write (default on).</summary>
    public bool SqliteFullSync { get; init; } = true;

    /// <summary>Seeds run-name generation; null uses a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>This replica's name in the work claims it holds; null names it host/process-id/random.</summary>
    public string? ReplicaName { get; init; }
}

/// <summary>
/// The metadata database (SQLite or PostgreSQL, chosen by URI scheme like MLflow's <c>--backend-store-uri</c>),
/// migrated on open, exposing one narrow port per aggregate.
/// </summary>
public sealed class MetadataStore : IAsyncDisposable
{
    private readonly IDbExecutor _db;

    private MetadataStore(IDbExecutor db, TimeProvider time, MetadataStoreOptions options)
    {
        _db = db;
        Engine = db.Dialect.Name;
        Experiments = new SqlExperimentStore(db, time, options.DefaultArtifactRoot);
#pragma warning disable CA5394 // Run names need no cryptographic randomness.
        var random = options.Seed is { } seed ? new Random(seed) : new Random(Random.Shared.Next());
#pragma warning restore CA5394
        var names = new RunNameGenerator(random);
        Runs = new SqlRunStore(db, time, names);
        Registry = new Registry.SqlModelRegistryStore(db, time);
        Deployments = new Serving.SqlDeploymentStore(db, time);
        Predictions = new Serving.SqlPredictionLogStore(db);
        Labels = new Serving.SqlPredictionLabelStore(db, time);
        LoggedModels = new LoggedModels.SqlLoggedModelStore(db, time, names);
        Monitors = new Monitoring.SqlMonitorStore(db, time);
        RetrainingSignals = new Monitoring.SqlRetrainingSignalStore(db, time);
        Datasets = new Datasets.SqlDatasetStore(db, time);
        Pipelines = new Pipelines.SqlPipelineStore(db, time);
        Features = new Features.SqlFeatureRegistryStore(db, time);
        Profiles = new Profiles.SqlProfilePartialStore(db, time);
        PredictionRetention = new Serving.SqlPredictionRetention(db, time);
        Identities = new Security.SqlIdentityStore(db, time);
        Audit = new Audit.SqlAuditStore(db, time);
        Workspaces = new Security.SqlWorkspaceStore(db, time);
        Claims = new Coordination.SqlWorkClaims(db, time, options.ReplicaName ?? DefaultReplicaName());
        Approvals = new Governance.SqlApprovalStore(db, time);
    }

    /// <summary>"sqlite" or "postgres".</summary>
    public string Engine { get; }

    public IExperimentStore Experiments { get; }

    public IRunStore Runs { get; }

    public Core.Registry.IModelRegistryStore Registry { get; }

    public Core.Serving.IDeploymentStore Deployments { get; }

    public Core.Serving.IPredictionLogStore Predictions { get; }

    /// <summary>Ground-truth labels of served predictions, joined by request id.</summary>
    public Core.Serving.IPredictionLabelStore Labels { get; }

    /// <summary>MLflow 3 logged models and runs' model outputs.</summary>
    public Core.LoggedModels.ILoggedModelStore LoggedModels { get; }

    /// <summary>Drift monitors and their alerts.</summary>
    public Core.Monitoring.IMonitorStore Monitors { get; }

    /// <summary>Retraining signals raised by monitors' alerts.</summary>
    public Core.Monitoring.IRetrainingSignalStore RetrainingSignals { get; }

    /// <summary>Named, versioned dataset records (the files live in the artifact store).</summary>
    public Core.Datasets.IDatasetStore Datasets { get; }

    /// <summary>Pipelines (their YAML) and their recorded runs.</summary>
    public Core.Pipelines.IPipelineStore Pipelines { get; }

    /// <summary>Feature projects (feature store definition files), versioned.</summary>
    public Core.Features.IFeatureRegistryStore Features { get; }

    /// <summary>Per-window partial profiles, one per replica (issue 7).</summary>
    public Core.Monitoring.IProfilePartialStore Profiles { get; }

    /// <summary>Prediction-log retention bounds per deployment and the deletes compaction runs (migration 0013).</summary>
    public Serving.SqlPredictionRetention PredictionRetention { get; }

    /// <summary>Users, service accounts, role bindings and API tokens (migration 0014).</summary>
    public Core.Security.IIdentityStore Identities { get; }
    /// <summary>The append-only, hash-chained audit trail (migration 0015).</summary>
    public Core.Audit.IAuditStore Audit { get; }

    /// <summary>Workspaces, what they own, and per-resource grants (migration 0017).</summary>
    public Core.Security.IWorkspaceStore Workspaces { get; }

    /// <summary>Leases on background work that replicas sharing this database do once between them (migration 0020).</summary>
    public Core.Coordination.IWorkClaims Claims { get; }

    /// <summary>Approval requests of protected promotions (migration 0023).</summary>
    public Core.Governance.IApprovalStore Approvals { get; }

    /// <summary>
    /// Opens and migrates the store at <paramref name="uri"/>: <c>sqlite:///relative.db</c>, <c>sqlite:////absolute.db</c>,
    /// a plain file path, or <c>postgresql://user:password@host:port/database</c>.
    /// </summary>
    public static async Task<MetadataStore> OpenAsync(string uri, MetadataStoreOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        IDbExecutor db = StoreUri.Parse(uri) switch
        {
            StoreUri.Sqlite sqlite => new SqliteExecutor(sqlite.Path, options.SqliteFullSync),
            StoreUri.Postgres postgres => new PostgresExecutor(NpgsqlDataSource.Create(postgres.ConnectionString)),
            _ => throw new InvalidOperationException("unreachable"),
        };
        try
        {
            await Migrator.MigrateAsync(db, cancellationToken).ConfigureAwait(false);
            await db.WriteAsync(
                (c, t, ct) => c.ExecuteAsync(t, db.Dialect.Statements["InsertDefaultExperiment"], ct, ("@location", options.DefaultArtifactRoot.TrimEnd('/') + "/0"), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds())),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new MetadataStore(db, time, options);
    }

    /// <summary>The database file of a SQLite store URI; null for PostgreSQL.</summary>
    public static string? SqliteFile(string uri) => StoreUri.Parse(uri) is StoreUri.Sqlite sqlite ? sqlite.Path : null;

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static string DefaultReplicaName() =>
        FormattableString.Invariant($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}");
}
