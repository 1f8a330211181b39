using System.Data;
using Npgsql;

namespace Crucible.Storage.Relational;

/// <summary>PostgreSQL through a pooled <see cref="NpgsqlDataSource"/>: one transaction per write, retried on serialization failures.</summary>
internal sealed class PostgresExecutor(NpgsqlDataSource dataSource) : IDbExecutor
{
    private const int MaxAttempts = 5;

    public SqlDialect Dialect => PostgresDialect.Instance;

    public async Task<T> ReadAsync<T>(DbWork<T> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection, null, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (Dialect.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<T> WriteAsync<T>(DbWork<T> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (PostgresException e) when (Dialect.IsTransient(e) && attempt < MaxAttempts)
            {
                await Task.Delay(10 * attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (Dialect.Translate(e) is { } translated)
            {
                throw translated;
            }
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
