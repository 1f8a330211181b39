using System.Diagnostics.Metrics;
using Crucible.Core.Artifacts;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Monitoring.Capture;
using Crucible.Server.Endpoints.Serving;
using Crucible.Server.Hosting;
using Crucible.Server.Serving.Grpc;
using Crucible.Serving.Capture;
using Crucible.Serving.Hosting;
using Crucible.Serving.Metrics;
using Crucible.Storage;

namespace Crucible.Server.Serving;

/// <summary>Wires the serving path: model host, deployment table, capture, metrics, and the protocol endpoints.</summary>
internal static class ServingComposition
{
    public static void AddServing(this IServiceCollection services, ServerOptions options, MetadataStore metadata)
    {
        services.AddSingleton(metadata.Deployments);
        services.AddSingleton(metadata.Predictions);
        services.AddSingleton(sp => new ServingMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton<IModelSource>(sp => new RegistryModelSource(
            sp.GetRequiredService<IModelRegistryStore>(),
            sp.GetRequiredService<IRunStore>(),
            sp.GetRequiredService<IArtifactStore>(),
            options.ModelCacheFolder ?? Path.Combine(Path.GetTempPath(), "crucible-models")));
        services.AddSingleton(sp => new ModelHost(sp.GetRequiredService<IModelSource>()));
        services.AddSingleton(sp => new DeploymentTable(
            metadata.Deployments,
            sp.GetRequiredService<IModelSource>(),
            sp.GetRequiredService<ModelHost>(),
            sp.GetRequiredService<ServingMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            new DeploymentTableOptions { RefreshInterval = options.DeploymentRefreshInterval, OnlyDeployment = options.ServeDeployment, RouterSeed = options.RouterSeed },
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<DeploymentTable>()));
        services.AddSingleton(sp => new CaptureWindowProfiles(
            options.ProfileReplica ?? $"{Environment.MachineName}-{Environment.ProcessId}", featureNames: sp.GetService<Monitoring.ModelFeatureNames>() is { } names ? names.GetAsync : null));
        services.AddSingleton(sp => new CaptureProfileFlusher(
            sp.GetRequiredService<CaptureWindowProfiles>(),
            new Crucible.Monitoring.Windows.ProfileStore(metadata.Profiles),
            sp.GetRequiredService<TimeProvider>(),
            options.ProfileFlushInterval,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<CaptureProfileFlusher>()));
        services.AddSingleton(sp => new PredictionCapture(
            metadata.Predictions,
            sp.GetRequiredService<TimeProvider>(),
            new PredictionCaptureOptions { Capacity = options.CaptureCapacity },
            sp.GetRequiredService<ServingMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<PredictionCapture>(),
            sp.GetRequiredService<CaptureWindowProfiles>()));
        services.AddSingleton(sp => new InferenceService(
            sp.GetRequiredService<DeploymentTable>(),
            sp.GetRequiredService<PredictionCapture>(),
            sp.GetRequiredService<ServingMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            options.ServingLimits,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<InferenceService>(),
            new CaptureSampler(options.CaptureSampleRate)));
        services.AddSingleton(metadata.PredictionRetention);
        services.AddSingleton(sp => new PredictionLogCompactor(
            metadata.PredictionRetention,
            metadata.Predictions,
            new Crucible.Monitoring.Windows.ProfileStore(metadata.Profiles),
            sp.GetRequiredService<TimeProvider>(),
            new RetentionDefaults((long)options.PredictionRetentionMaxAge.TotalMilliseconds, options.PredictionRetentionMaxBytes),
            options.ServingOnly ? TimeSpan.Zero : options.PredictionCompactionInterval,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<PredictionLogCompactor>()));
        services.AddSingleton<ServingReadiness>();
        services.AddHostedService<ServingLifetime>();
        services.AddHostedService(sp => sp.GetRequiredService<CaptureProfileFlusher>());
        services.AddHostedService(sp => sp.GetRequiredService<PredictionLogCompactor>());
    }

    public static void MapServing(this IEndpointRouteBuilder app, ServerOptions options)
    {
        app.MapOpenInference();
        app.MapScoring(options.ServeDeployment);
        app.MapGrpcServing(options);
    }
}
