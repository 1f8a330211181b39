using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Security;

public sealed class PostgresIdentityStoreTests : IdentityStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("identities");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
