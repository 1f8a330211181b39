using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Security;

public sealed class SqliteIdentityStoreTests : IdentityStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override string StoreUri() => "sqlite:///" + _dir.File("crucible.db");

    public void Dispose() => _dir.Dispose();
}
