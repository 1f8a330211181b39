using System.Data.Common;

namespace Crucible.Storage.Relational;

/// <summary>A unit of database work: runs on an open connection, inside a transaction when it writes.</summary>
internal delegate Task<T> DbWork<T>(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken);

/// <summary>
/// Runs reads and writes for a store. Writes are atomic and durable when the returned task completes;
/// engine errors are translated to domain errors here, so stores and endpoints never see provider exceptions.
/// </summary>
internal interface IDbExecutor : IAsyncDisposable
{
    SqlDialect Dialect { get; }

    Task<T> ReadAsync<T>(DbWork<T> work, CancellationToken cancellationToken);

    Task<T> WriteAsync<T>(DbWork<T> work, CancellationToken cancellationToken);
}
