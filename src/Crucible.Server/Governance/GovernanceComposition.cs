using Crucible.Core.Artifacts;
using Crucible.Governance.Cards;
using Crucible.Storage;

namespace Crucible.Server.Governance;

/// <summary>Wires governance: model cards over the server's stores.</summary>
internal static class GovernanceComposition
{
    public static void AddGovernance(this IServiceCollection services, MetadataStore metadata)
    {
        services.AddSingleton(sp => new CardStores(
            metadata.Registry, metadata.Runs, metadata.Datasets, sp.GetRequiredService<IArtifactStore>(), metadata.Deployments, metadata.Monitors, metadata.Pipelines, metadata.Audit));
        services.AddSingleton(sp => new ModelCards(sp.GetRequiredService<CardStores>(), sp.GetRequiredService<TimeProvider>()));
    }
}
