using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Pipelines;

public sealed class SqlitePipelineStoreTests : PipelineStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override string StoreUri() => "sqlite:///" + _dir.File("crucible.db");

    public void Dispose() => _dir.Dispose();
}
