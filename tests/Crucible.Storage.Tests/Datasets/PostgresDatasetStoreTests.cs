using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Datasets;

public sealed class PostgresDatasetStoreTests : DatasetStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("datasets");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
