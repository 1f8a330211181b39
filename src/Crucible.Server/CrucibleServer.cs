using Crucible.Core.Artifacts;
using Crucible.Server.Audit;
using Crucible.Server.Endpoints;
using Crucible.Server.Endpoints.Accounts;
using Crucible.Server.Endpoints.Features;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Endpoints.Native;
using Crucible.Server.Errors;
using Crucible.Server.Governance;
using Crucible.Server.Hosting;
using Crucible.Server.Monitoring;
using Crucible.Server.Observability;
using Crucible.Server.Pipelines;
using Crucible.Server.Security;
using Crucible.Server.Serving;
using Crucible.Server.Serving.Grpc;
using Crucible.Storage;
using Crucible.Ui;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Crucible.Server;

/// <summary>Builds the Crucible host: composition only; each area maps its own endpoints.</summary>
public static class CrucibleServer
{
    public static async Task<WebApplication> CreateAsync(ServerOptions options, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.ListenUrl());
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxArtifactBytes;
            // Above RequestTargetGuard's limit, so a long target gets its 414 with a JSON body instead of Kestrel's empty one.
            k.Limits.MaxRequestLineSize = RequestTargetGuard.MaxTargetLength * 4;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.AddNetwork(options);
        builder.AddGrpcServing(options);
        configure?.Invoke(builder);

        var time = options.Time ?? TimeProvider.System;
        var sqliteLock = options.ServingOnly || MetadataStore.SqliteFile(options.BackendStoreUri) is not { } sqliteFile ? null : SqliteServerLock.Acquire(sqliteFile);
        MetadataStore metadata;
        try
        {
            metadata = await MetadataStore.OpenAsync(
                options.BackendStoreUri,
                new MetadataStoreOptions { DefaultArtifactRoot = options.DefaultArtifactRoot, SqliteFullSync = options.SqliteFullSync },
                time,
                cancellationToken);
        }
        catch
        {
            sqliteLock?.Dispose();
            throw;
        }

        if (sqliteLock is not null)
        {
            // Created by a factory so the container disposes it with the host (resolved below).
            builder.Services.AddSingleton(_ => sqliteLock);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<PrometheusMetrics>();
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(metadata);
        builder.Services.AddSingleton(metadata.Experiments);
        builder.Services.AddSingleton(metadata.Runs);
        builder.Services.AddSingleton(metadata.Registry);
        builder.Services.AddSingleton(metadata.LoggedModels);
        builder.Services.AddSingleton(metadata.Datasets);
        builder.Services.AddSingleton<IArtifactStore>(_ => ArtifactStores.Open(options.ArtifactsDestination));
        builder.Services.AddHostedService<StaleUploadCleanup>();
        builder.Services.AddServing(options, metadata);
        builder.Services.AddMonitoring(options, metadata);
        builder.Services.AddPipelines(options, metadata);
        builder.Services.AddFeatures(options, metadata);
        builder.Services.AddExposure(options);
        builder.Services.AddApiContract();
        builder.Services.AddCrucibleAuthentication(options, metadata);
        builder.Services.AddAudit(metadata);
        builder.Services.AddGovernance(options, metadata);

        var app = builder.Build();
        app.Services.GetService<SqliteServerLock>();
        app.UseMiddleware<AuditTrail>(); // outside ApiErrors: it records the status the client got
        app.UseMiddleware<ApiErrors>();
        app.UseMiddleware<RequestTargetGuard>();
        app.UseMiddleware<NetworkGuard>();
        app.UseRouting();
        app.UseMiddleware<AuditBodyCapture>(); // before any refusal, so a refused call's row names its ids too
        await app.UseCrucibleAuthenticationAsync(options, cancellationToken);
        app.UseAccessControl(options);
        app.UseMiddleware<ContentTypeGuard>();
        app.UseInferenceRateLimits(options);
        // Resolve now so the listener sees every measurement from the first request on.
        app.Services.GetRequiredService<PrometheusMetrics>();
        app.MapSystem();
        app.MapApiContract();
        app.MapAudit();
        app.MapMetrics();
        app.MapServing(options);
        if (!options.ServingOnly)
        {
            app.MapMlflowApi();
            app.MapNativeApi();
            app.MapAccounts();
            app.MapCrucibleUi().RequireAccess(AccessPolicies.Ui);
        }

        return app;
    }

    /// <summary>The address the server listens on once started (the real port when 0 was asked for).</summary>
    public static Uri Address(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
