using Crucible.Storage;

namespace Crucible.Server.Audit;

/// <summary>The audit trail's services: the store and the background writer (a hosted service, drained at stop).</summary>
internal static class AuditComposition
{
    public static IServiceCollection AddAudit(this IServiceCollection services, MetadataStore metadata)
    {
        services.AddSingleton(metadata.Audit);
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        return services;
    }
}
