using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Tracking;

public sealed class PostgresTrackingStoreTests : TrackingStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("tracking");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
