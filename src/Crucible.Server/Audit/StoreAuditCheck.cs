using Crucible.Core.Audit;
using Crucible.Storage;

namespace Crucible.Server.Audit;

/// <summary>Verifies the audit chain of a store without a server (<c>crucible audit verify --backend-store-uri</c>).</summary>
public static class StoreAuditCheck
{
    /// <summary>Opens the store as the server does (pending migrations are applied) and walks its chain.</summary>
    public static async Task<AuditVerification> VerifyAsync(string backendStoreUri, CancellationToken cancellationToken)
    {
        await using var store = await MetadataStore.OpenAsync(backendStoreUri, new MetadataStoreOptions(), TimeProvider.System, cancellationToken);
        return await AuditChain.VerifyAsync(store.Audit, cancellationToken);
    }
}
