using Crucible.Server.Tests.Pipelines;
using Crucible.Server.Tests.Serving;
using Crucible.Storage;
using Crucible.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Replicas;

/// <summary>
/// Several <c>crucible server</c> replicas in one test process on one fresh PostgreSQL database and one artifact folder,
/// sharing a manual clock; their own schedulers and monitor loops are off, so a test drives them.
/// </summary>
internal sealed class Replicas : IAsyncDisposable
{
    private readonly TempDirectory _artifacts = new();
    private readonly List<ServingServer> _servers = [];

    public Replicas(TimeSpan lease) => Lease = lease;

    public TimeSpan Lease { get; }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 10, 20, 0, TimeSpan.Zero));

    public string StoreUri { get; } = PostgresServer.ToUri(PostgresServer.CreateDatabase("replicas"));

    public IReadOnlyList<ServingServer> Servers => _servers;

    /// <summary>Starts one more replica.</summary>
    public async Task<ServingServer> StartAsync()
    {
        var server = await ServingServer.StartAsync(o => o with
        {
            BackendStoreUri = StoreUri,
            ArtifactsDestination = _artifacts.Path,
            Time = Clock,
            ReplicaLease = Lease,
            PipelineScheduleInterval = TimeSpan.Zero,
            MonitorInterval = TimeSpan.Zero,
            Exposure = PipelineServer.Trusting,
        });
        _servers.Add(server);
        return server;
    }

    /// <summary>Starts a serving-only replica (<c>crucible serve</c>) that re-reads deployments every 2 s, the default.</summary>
    public async Task<ServingServer> StartServingAsync()
    {
        var server = await ServingServer.StartAsync(o => o with
        {
            BackendStoreUri = StoreUri,
            ArtifactsDestination = _artifacts.Path,
            ServingOnly = true,
            DeploymentRefreshInterval = TimeSpan.FromSeconds(2),
        });
        _servers.Add(server);
        return server;
    }

    /// <summary>A replica's service of type <typeparamref name="T"/>.</summary>
    public static T Get<T>(ServingServer server)
        where T : notnull => server.App.Services.GetRequiredService<T>();

    /// <summary>Opens the database as a replica named <paramref name="name"/> with no host around it (one that "dies" by never renewing).</summary>
    public Task<MetadataStore> OpenStoreAsync(string name) =>
        MetadataStore.OpenAsync(StoreUri, new MetadataStoreOptions { ReplicaName = name }, Clock, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _artifacts.Dispose();
    }
}
