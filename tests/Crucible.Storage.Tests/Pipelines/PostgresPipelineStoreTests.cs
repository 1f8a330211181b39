using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Pipelines;

public sealed class PostgresPipelineStoreTests : PipelineStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("pipelines");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
