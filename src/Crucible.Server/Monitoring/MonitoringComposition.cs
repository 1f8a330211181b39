using Crucible.Monitoring.Running;
using Crucible.Server.Hosting;
using Crucible.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crucible.Server.Monitoring;

/// <summary>Wires drift monitors: the store, the runner, webhooks, the background loop and the API.</summary>
internal static class MonitoringComposition
{
    public static void AddMonitoring(this IServiceCollection services, ServerOptions options, MetadataStore metadata)
    {
        services.AddSingleton(metadata.Monitors);
        services.AddSingleton(sp => new WebhookSender(new HttpClient(Crucible.Core.Net.OutboundHttp.CreateHandler(sp.GetRequiredService<Crucible.Core.Net.OutboundTargets>())), sp.GetRequiredService<TimeProvider>(), options.Webhooks));
        services.AddSingleton(metadata.RetrainingSignals);
        services.AddSingleton<IWebhookBodies, WebhookBodies>();
        services.AddSingleton<RetrainingSignals>();
        services.AddSingleton<ModelFeatureNames>();
        services.AddSingleton<IModelFeatureNames>(sp => sp.GetRequiredService<ModelFeatureNames>());
        services.AddSingleton<IDatasetVersionFiles, VerifiedDatasetFiles>();
        services.AddSingleton<DatasetReferences>();
        services.AddSingleton<MonitorRunner>();
        services.AddSingleton(metadata.Labels);
        services.AddSingleton(new Crucible.Monitoring.Windows.ProfileStore(metadata.Profiles));
        // Closed windows' partials merged into one row each; a replica's last flush comes within two flush intervals.
        services.AddSingleton(sp => new ProfileCompactor(
            sp.GetRequiredService<Crucible.Monitoring.Windows.ProfileStore>(),
            sp.GetRequiredService<TimeProvider>(),
            options.ServingOnly ? TimeSpan.Zero : options.PredictionCompactionInterval,
            TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, 2 * options.ProfileFlushInterval.Ticks)),
            sp.GetRequiredService<ILogger<ProfileCompactor>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ProfileCompactor>());
        services.AddSingleton<PerformanceService>();
        // The performance rule asks this source; a host may register its own before (TryAdd keeps it).
        services.TryAddSingleton<Core.Monitoring.IPerformanceSource>(sp => sp.GetRequiredService<PerformanceService>());
        if (!options.ServingOnly && options.MonitorInterval > TimeSpan.Zero)
        {
            services.AddSingleton(sp => new MonitorScheduler(
                metadata.Monitors,
                sp.GetRequiredService<MonitorRunner>(),
                metadata.Claims,
                options.ReplicaLease,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<MonitorScheduler>>()));
            services.AddSingleton(sp => new MonitorLoop(
                sp.GetRequiredService<MonitorScheduler>(),
                sp.GetRequiredService<TimeProvider>(),
                options.MonitorInterval,
                sp.GetRequiredService<ILogger<MonitorLoop>>()));
            services.AddHostedService(sp => sp.GetRequiredService<MonitorLoop>());
        }
    }
}
