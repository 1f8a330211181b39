using Crucible.Server.Endpoints.Monitoring;
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
        services.AddSingleton<RetrainingSignals>();
        services.AddSingleton<ModelFeatureNames>();
        services.AddSingleton<DatasetReferences>();
        services.AddSingleton<MonitorRunner>();
        services.AddSingleton(metadata.Labels);
        services.AddSingleton(metadata.Profiles);
        services.AddSingleton<PerformanceService>();
        // The performance rule asks this source; a host may register its own before (TryAdd keeps it).
        services.TryAddSingleton<Core.Monitoring.IPerformanceSource>(sp => sp.GetRequiredService<PerformanceService>());
        if (!options.ServingOnly && options.MonitorInterval > TimeSpan.Zero)
        {
            services.AddSingleton(sp => new MonitorLoop(
                metadata.Monitors,
                sp.GetRequiredService<MonitorRunner>(),
                sp.GetRequiredService<TimeProvider>(),
                options.MonitorInterval,
                sp.GetRequiredService<ILogger<MonitorLoop>>()));
            services.AddHostedService(sp => sp.GetRequiredService<MonitorLoop>());
        }
    }

    public static void MapMonitoring(this IEndpointRouteBuilder app)
    {
        app.MapMonitors();
        app.MapPerformance();
        app.MapDriftReports();
        app.MapProfiles();
        app.MapRetention();
    }
}
