using Crucible.Core.Artifacts;
using Crucible.Core.Monitoring;
using Crucible.Core.Registry;
using Crucible.Core.Serving;
using Crucible.Monitoring.Running;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Steps;
using Crucible.Server.Hosting;
using Crucible.Serving.Hosting;
using Crucible.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Crucible.Server.Pipelines;

/// <summary>Wires pipelines: the store, the steps over the server's stores, the runner, the scheduler, the retraining-signal sink and the API.</summary>
internal static class PipelinesComposition
{
    public static void AddPipelines(this IServiceCollection services, ServerOptions options, MetadataStore metadata)
    {
        services.AddSingleton(metadata.Pipelines);
        services.AddSingleton(sp => new TrainingRuns(metadata.Experiments, metadata.Runs, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var artifacts = sp.GetRequiredService<IArtifactStore>();
            var registry = sp.GetRequiredService<IModelRegistryStore>();
            var training = sp.GetRequiredService<TrainingRuns>();
            var datasets = new StoredDatasetFiles(metadata.Datasets, artifacts);
            IPipelineStep[] steps =
            [
                new ValidateStep(datasets),
                new TrainStep(datasets, training, options.PipelineTrainers, () => TrackingUri(sp), options.Exposure.CommandSteps),
                new EvaluateStep(datasets, new ServerModelFiles(registry, sp.GetRequiredService<IModelSource>())),
                new GateStep(),
                new RegisterStep(registry, metadata.Runs, artifacts, training, time),
                new DeployStep(sp.GetRequiredService<IDeploymentStore>()),
                new PromoteStep(sp.GetRequiredService<IDeploymentStore>(), registry, sp.GetRequiredService<IMonitorStore>(), sp.GetRequiredService<IPredictionLogStore>(), time, sp.GetRequiredService<Core.Governance.IPromotionGate>()),
                new NotifyStep(sp.GetRequiredService<WebhookSender>()),
            ];
            // Every step stays inside its pipeline's workspace (WorkspaceBoundStep).
            steps = [.. steps.Select(step => new WorkspaceBoundStep(step, metadata.Workspaces))];
            return new PipelineRunner(metadata.Pipelines, steps, time, options.PipelineWorkFolder ?? Path.Combine(Path.GetTempPath(), "crucible-pipelines"));
        });
        services.AddSingleton(sp => new PipelineService(
            metadata.Pipelines,
            sp.GetRequiredService<PipelineRunner>(),
            metadata.Claims,
            new PipelineLeases(options.ReplicaLease, SingleProcess: metadata.Engine == "sqlite"),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PipelineService>>()));
        services.AddSingleton<IRetrainingSignalSink, PipelineSignalSink>();
        if (options.ServingOnly)
        {
            return;
        }

        services.AddHostedService(sp => new PipelineHosting(sp.GetRequiredService<PipelineService>()));
        if (options.PipelineScheduleInterval > TimeSpan.Zero)
        {
            services.AddSingleton(sp => new PipelineSchedule(
                metadata.Pipelines,
                sp.GetRequiredService<PipelineService>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PipelineSchedule>>()));
            services.AddSingleton(sp => new PipelineScheduler(
                sp.GetRequiredService<PipelineSchedule>(),
                sp.GetRequiredService<PipelineService>(),
                metadata.Claims,
                sp.GetRequiredService<TimeProvider>(),
                options.PipelineScheduleInterval,
                sp.GetRequiredService<ILogger<PipelineScheduler>>()));
            services.AddHostedService(sp => sp.GetRequiredService<PipelineScheduler>());
        }
    }

    /// <summary>The server's own address, handed to training commands as CRUCIBLE_TRACKING_URI / MLFLOW_TRACKING_URI.</summary>
    private static string? TrackingUri(IServiceProvider services) =>
        services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
}
