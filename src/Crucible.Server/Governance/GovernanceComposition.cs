using Crucible.Core.Artifacts;
using Crucible.Core.Governance;
using Crucible.Governance.Approvals;
using Crucible.Governance.Cards;
using Crucible.Server.Hosting;
using Crucible.Storage;

namespace Crucible.Server.Governance;

/// <summary>Wires governance: model cards over the server's stores, approvals of protected promotions.</summary>
internal static class GovernanceComposition
{
    public static void AddGovernance(this IServiceCollection services, ServerOptions options, MetadataStore metadata)
    {
        services.AddSingleton(metadata.Approvals);
        services.AddSingleton(sp => new PromotionApprovals(
            new ApprovalPolicy(options.ProtectedAliases, options.ProtectedStages), metadata.Approvals, sp.GetRequiredService<ModelCards>(), metadata.Registry, metadata.Audit));
        services.AddSingleton<IPromotionGate>(sp => sp.GetRequiredService<PromotionApprovals>());
        services.AddSingleton(sp => new CardStores(
            metadata.Registry, metadata.Runs, metadata.Datasets, sp.GetRequiredService<IArtifactStore>(), metadata.Deployments, metadata.Monitors, metadata.Pipelines, metadata.Audit));
        services.AddSingleton(sp => new ModelCards(sp.GetRequiredService<CardStores>(), sp.GetRequiredService<TimeProvider>()));
    }
}
