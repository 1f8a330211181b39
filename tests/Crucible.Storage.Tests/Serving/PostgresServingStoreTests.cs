using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Serving;

public sealed class PostgresServingStoreTests : ServingStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("serving");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
