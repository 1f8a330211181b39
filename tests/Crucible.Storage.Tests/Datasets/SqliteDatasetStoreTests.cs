using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Datasets;

public sealed class SqliteDatasetStoreTests : DatasetStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override string StoreUri() => "sqlite:///" + _dir.File("crucible.db");

    public void Dispose() => _dir.Dispose();
}
