using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Registry;

public sealed class PostgresRegistryStoreTests : RegistryStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("registry");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
