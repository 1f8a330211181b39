using Crucible.TestSupport;

namespace Crucible.Storage.Tests.LoggedModels;

public sealed class PostgresLoggedModelStoreTests : LoggedModelStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("loggedmodels");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
