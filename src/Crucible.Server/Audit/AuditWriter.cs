using System.Threading.Channels;
using Crucible.Core.Audit;

namespace Crucible.Server.Audit;

/// <summary>
/// Writes audit events off the request path: requests queue their event (waiting only when
/// <see cref="Capacity"/> events are already queued) and one background loop appends whatever is queued in one
/// transaction. Stopping the host drains the queue before it returns, so every answered request's row is written
/// on a normal shutdown; an event queued after that is appended directly. A crash loses what was queued and not yet
/// committed (at most one batch, typically the last few milliseconds of mutations). A failed append is retried,
/// then its events are written to the server log at Error level so they are not lost silently.
/// </summary>
internal sealed partial class AuditWriter(IAuditStore store, ILogger<AuditWriter> logger) : IHostedService
{
    /// <summary>Events queued before requests wait for the writer.</summary>
    public const int Capacity = 10_000;

    private const int MaxBatch = 500;
    private const int MaxAttempts = 3;

    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private Task _loop = Task.CompletedTask;

    /// <summary>Queues <paramref name="audit"/>; after shutdown it is appended before this returns.</summary>
    public async ValueTask RecordAsync(AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        try
        {
            await _queue.Writer.WriteAsync(new Item(audit, null)).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            await AppendAsync([audit]).ConfigureAwait(false);
        }
    }

    /// <summary>Completes once every event queued before the call is committed (tests and shutdown use it).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Item(null, barrier), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await barrier.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking events and writes every queued one; the host's shutdown waits for it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<AuditEvent>(MaxBatch);
        var barriers = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                if (item.Event is { } e)
                {
                    batch.Add(e);
                }
                else
                {
                    barriers.Add(item.Barrier!);
                    break; // everything before the barrier is in this batch
                }
            }

            await AppendAsync(batch).ConfigureAwait(false);
            batch.Clear();
            barriers.ForEach(b => b.TrySetResult());
            barriers.Clear();
        }
    }

    private async Task AppendAsync(List<AuditEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                return;
            }
#pragma warning disable CA1031 // The writer must outlive a store failure; the events are logged instead of dropped silently.
            catch (Exception e) when (attempt < MaxAttempts)
#pragma warning restore CA1031
            {
                LogRetry(logger, batch.Count, attempt, e);
                await Task.Delay(100 * attempt).ConfigureAwait(false);
            }
#pragma warning disable CA1031
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var lost in batch)
                {
                    LogLost(logger, lost.Actor, lost.Action, lost.Target, lost.Outcome, lost.RequestId, e);
                }

                return;
            }
        }
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Appending {Count} audit events failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, int count, int attempt, Exception exception);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "Audit event not stored: actor {Actor} action {Action} target {Target} outcome {Outcome} request {RequestId}")]
    private static partial void LogLost(ILogger logger, string actor, string action, string target, int outcome, string? requestId, Exception exception);

    private readonly record struct Item(AuditEvent? Event, TaskCompletionSource? Barrier);
}
