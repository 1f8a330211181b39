using Crucible.Client;
using Crucible.Server;
using Crucible.Server.Hosting;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace Crucible.Cli.Tests;

/// <summary>A real Crucible server on a free loopback port with a temp SQLite file, one per test class.</summary>
public sealed class TrackingServer : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplication? _app;

    public Uri Uri { get; private set; } = null!;

    public string ArtifactsDirectory => _dir.File("artifacts");

    /// <summary>The server's services (tests seed its stores directly).</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        _app = await CrucibleServer.CreateAsync(new ServerOptions
        {
            BackendStoreUri = "sqlite:///" + _dir.File("crucible.db"),
            ArtifactsDestination = ArtifactsDirectory,
            Port = 0,
            Auth = new() { Enabled = false },
            SqliteFullSync = false,
            Exposure = new() { CommandSteps = Crucible.Pipelines.Steps.CommandStepOptions.Enabled, AllowedWebhookHosts = ["127.0.0.1"] },
        });
        await _app.StartAsync();
        Uri = _app.Address();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _dir.Dispose();
    }

    public CrucibleClient Client(TimeProvider? time = null) => new(Uri, time);

    /// <summary>A name no other test uses, so tests sharing a server stay independent.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
