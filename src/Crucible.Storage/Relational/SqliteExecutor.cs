using System.Threading.Channels;
using Crucible.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Crucible.Storage.Relational;

/// <summary>
/// SQLite with one writer: every write is queued to a single connection that runs all queued writes in one
/// transaction, each inside its own savepoint (so one failing write does not fail the others), commits once,
/// and only then completes the callers' tasks. WAL lets readers run beside it on pooled connections. There is
/// never a second writer, so "database is locked" cannot happen, and concurrent writers share one fsync.
/// </summary>
internal sealed class SqliteExecutor : IDbExecutor
{
    private const int MaxBatch = 512;

    /// <summary>Committed batches between two <c>PRAGMA optimize</c> runs on the writer.</summary>
    private const int OptimizeEvery = 1_000;
    // Pooled connections keep their page cache between uses; mmap lets readers share the OS page cache, so a
    // search over a large store reads pages from memory instead of copying them through SQLite's cache.
    private static readonly string[] ReaderPragmas =
        ["case_sensitive_like = ON", "busy_timeout = 30000", "cache_size = -32768", "mmap_size = 1073741824", "temp_store = MEMORY"];

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Channel<IWriteOperation> _queue = Channel.CreateUnbounded<IWriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;
    private int _batchesSinceOptimize;

    public SqliteExecutor(string path, bool fullSync = true)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        // WAL with synchronous=FULL syncs the log at every commit: an acknowledged write survives a crash
        // of the process and of the machine. NORMAL would survive only a process crash.
        Pragmas(_writer, "journal_mode = WAL", fullSync ? "synchronous = FULL" : "synchronous = NORMAL", "foreign_keys = ON");
        // Planner statistics (sqlite_stat1). Without them SQLite guesses join orders, and a run search may probe
        // every run of an experiment instead of starting from its most selective filter. optimize only analyzes
        // tables never analyzed or grown ~25x since their last analysis, so the full ANALYZE it runs stays rare
        // (amortized, about one extra scan of the store over its lifetime). It runs again every OptimizeEvery batches.
        // No analysis_limit: a sampled ANALYZE reads only the first rows of each index and gets the key counts wrong.
        Pragmas(_writer, "optimize = 0x10002");
        _writerLoop = Task.Factory.StartNew(RunWriterAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public SqlDialect Dialect => SqliteDialect.Instance;

    public async Task<T> ReadAsync<T>(DbWork<T> work, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        Pragmas(connection, ReaderPragmas);
        try
        {
            return await work(connection, null, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (Dialect.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public Task<T> WriteAsync<T>(DbWork<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = new WriteOperation<T>(work);
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new CrucibleException(ErrorCode.TemporarilyUnavailable, "The store is shutting down.");
        }

        return operation.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writerLoop.ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunWriterAsync()
    {
        Pragmas(_writer, ReaderPragmas);
        var batch = new List<IWriteOperation>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            RunBatch(batch);
            if (++_batchesSinceOptimize >= OptimizeEvery)
            {
                _batchesSinceOptimize = 0;
                Optimize();
            }
        }
    }

    private void Optimize()
    {
        try
        {
            Pragmas(_writer, "optimize = 0x10002");
        }
        catch (SqliteException)
        {
            // Statistics are an optimisation: a failed ANALYZE must not stop the writer.
        }
    }

    private void RunBatch(List<IWriteOperation> batch)
    {
        SqliteTransaction transaction;
        try
        {
            transaction = _writer.BeginTransaction(deferred: false);
        }
        catch (SqliteException e)
        {
            batch.ForEach(o => o.Fail(e));
            return;
        }

        using (transaction)
        {
            foreach (var operation in batch)
            {
                transaction.Save("op");
                try
                {
                    operation.Run(_writer, transaction);
                    transaction.Release("op");
                }
#pragma warning disable CA1031 // The failure belongs to the caller that queued this write, not to the writer loop.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    transaction.Rollback("op");
                    transaction.Release("op");
                    operation.Fail(e is SqliteException s && Dialect.Translate(s) is { } translated ? translated : e);
                }
            }

            try
            {
                transaction.Commit();
            }
#pragma warning disable CA1031 // A failed commit fails every write of the batch; none was acknowledged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                batch.ForEach(o => o.Fail(e));
                return;
            }
        }

        batch.ForEach(o => o.Complete());
    }

    private static void Pragmas(SqliteConnection connection, params string[] pragmas)
    {
        using var command = connection.CreateCommand();
        command.CommandText = string.Concat(pragmas.Select(p => "PRAGMA " + p + ";"));
        command.ExecuteNonQuery();
    }

    private interface IWriteOperation
    {
        void Run(SqliteConnection connection, SqliteTransaction transaction);

        void Fail(Exception exception);

        void Complete();
    }

    private sealed class WriteOperation<T>(DbWork<T> work) : IWriteOperation
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private bool _failed;

        public Task<T> Task => _completion.Task;

        // Microsoft.Data.Sqlite completes its async methods synchronously, so waiting here never blocks on I/O
        // of another thread; the writer thread owns the connection for the whole batch.
        public void Run(SqliteConnection connection, SqliteTransaction transaction) =>
            _result = work(connection, transaction, CancellationToken.None).GetAwaiter().GetResult();

        public void Fail(Exception exception)
        {
            _failed = true;
            _completion.TrySetException(exception);
        }

        public void Complete()
        {
            if (!_failed)
            {
                _completion.TrySetResult(_result!);
            }
        }
    }
}
