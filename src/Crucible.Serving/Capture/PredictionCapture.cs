using System.Threading.Channels;
using Crucible.Core.Serving;
using Crucible.Serving.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crucible.Serving.Capture;

/// <summary>
/// Logs predictions without touching the request path's latency or outcome: <see cref="TryCapture"/> puts the item
/// into a bounded channel and returns at once (false, and a counted drop, when the channel is full). A background
/// writer takes up to <see cref="PredictionCaptureOptions.MaxBatch"/> items at a time, waiting up to
/// <see cref="PredictionCaptureOptions.FlushInterval"/> for a fuller batch, turns them into JSON and appends them to
/// the <see cref="IPredictionLogStore"/>. A store failure is logged and counted (<see cref="Failed"/>) and the
/// writer carries on (Serilog's SelfLog rule: monitoring never throws into serving).
/// </summary>
public sealed partial class PredictionCapture : IAsyncDisposable
{
    private readonly Channel<Entry> _channel;
    private readonly IPredictionLogStore _store;
    private readonly TimeProvider _time;
    private readonly ServingMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly TimeSpan _flushInterval;
    private readonly IPredictionObserver? _observer;
    private readonly Task _writer;
    private TaskCompletionSource _wake = NewSignal();
    private int _flushes;
    private int _disposed;
    private long _dropped;
    private long _written;
    private long _failed;
    private long _nextDropWarningMs;
    private readonly int _capacity;

    public PredictionCapture(
        IPredictionLogStore store,
        TimeProvider time,
        PredictionCaptureOptions? options = null,
        ServingMetrics? metrics = null,
        ILogger? logger = null,
        IPredictionObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        options ??= PredictionCaptureOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1, nameof(options));
        _store = store;
        _time = time;
        _metrics = metrics;
        _logger = logger ?? NullLogger.Instance;
        _maxBatch = options.MaxBatch;
        _capacity = options.Capacity;
        _flushInterval = options.FlushInterval;
        _observer = observer;

        // Wait mode only matters for FlushAsync's marker; the request path uses TryWrite, which fails when full.
        _channel = Channel.CreateBounded<Entry>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Predictions refused because the queue was full or the capture was disposed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Predictions appended to the store.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Predictions lost because the store (or their JSON form) failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Queues a prediction; never blocks or throws. False (and a counted drop) when the queue is full. Tensors with
    /// wide rows are sampled here (<see cref="CaptureSampling"/>), so the queue holds at most
    /// <see cref="CaptureSampling.MaxElementsPerRow"/> elements per row of each tensor, never a request's full tensors.
    /// </summary>
    public bool TryCapture(CaptureItem item)
    {
        long[]?[]? inputShapes = null, outputShapes = null;
        try
        {
            item = CaptureSampling.Reduce(item, out inputShapes, out outputShapes);
        }
#pragma warning disable CA1031 // Capture never throws into serving: an unsampleable prediction is counted as lost.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Lost(item.Deployment, item.Version, 1);
            LogConvertFailed(_logger, item.Deployment, item.RequestId, e);
            return true;
        }

        if (_channel.Writer.TryWrite(new Entry(item, inputShapes, outputShapes, null)))
        {
            return true;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        ReportDrops(dropped);
        return false;
    }

    /// <summary>
    /// Drops are never silent: besides the counter, a warning at the first drop and then at most once a minute, with
    /// the total, so a log shows the capture falling behind without a line per request.
    /// </summary>
    private void ReportDrops(long dropped)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = Volatile.Read(ref _nextDropWarningMs);
        if (now >= due && Interlocked.CompareExchange(ref _nextDropWarningMs, now + 60_000, due) == due)
        {
            LogDropped(_logger, dropped, _capacity);
        }
    }

    /// <summary>Waits until everything queued before the call has been written (or has failed).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _flushes);
        try
        {
            Volatile.Read(ref _wake).TrySetResult();
            await _channel.Writer.WriteAsync(new Entry(default, null, null, done), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            Interlocked.Decrement(ref _flushes);
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        catch
        {
            Interlocked.Decrement(ref _flushes);
            throw;
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting predictions and writes those already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _channel.Writer.TryComplete();
        Volatile.Read(ref _wake).TrySetResult();
        await _writer.ConfigureAwait(false);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<Entry>(_maxBatch);
        var records = new CaptureRecords();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await WaitForFullerBatchAsync(reader).ConfigureAwait(false);
            while (batch.Count < _maxBatch && reader.TryRead(out var entry))
            {
                if (entry.Flushed is null)
                {
                    batch.Add(entry);
                    continue;
                }

                // Everything queued before the marker is in this batch: write it, then release the flush.
                await WriteAsync(batch, records).ConfigureAwait(false);
                batch.Clear();
                Interlocked.Decrement(ref _flushes);
                entry.Flushed.TrySetResult();
            }

            await WriteAsync(batch, records).ConfigureAwait(false);
            batch.Clear();
        }
    }

    /// <summary>Gives a small batch one flush interval to grow, unless a flush or shutdown is waiting.</summary>
    private async Task WaitForFullerBatchAsync(ChannelReader<Entry> reader)
    {
        if (_flushInterval <= TimeSpan.Zero || reader.Count >= _maxBatch)
        {
            return;
        }

        var wake = Volatile.Read(ref _wake);
        if (wake.Task.IsCompleted)
        {
            wake = NewSignal();
            Volatile.Write(ref _wake, wake);
        }

        if (Volatile.Read(ref _flushes) > 0 || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        await Task.WhenAny(wake.Task, Task.Delay(_flushInterval, _time)).ConfigureAwait(false);
    }

    private async Task WriteAsync(List<Entry> batch, CaptureRecords converter)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var records = new List<PredictionRecord>(batch.Count);
        var captured = _observer is null ? null : new List<CapturedPrediction>(batch.Count);
        foreach (var entry in batch)
        {
            var item = entry.Item;
            try
            {
                var record = converter.ToRecord(item, entry.InputShapes, entry.OutputShapes);
                captured?.Add(CapturedPredictions.Of(item, entry.InputShapes, entry.OutputShapes));
                records.Add(record);
            }
#pragma warning disable CA1031 // One unserialisable prediction is counted and skipped; the writer goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Lost(item.Deployment, item.Version, 1);
                LogConvertFailed(_logger, item.Deployment, item.RequestId, e);
            }
        }

        if (records.Count == 0)
        {
            return;
        }

        try
        {
            await _store.AppendPredictionsAsync(records, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A store failure must never stop the writer (nor reach a request).
        catch (Exception e)
#pragma warning restore CA1031
        {
            ForEachDeployment(records, (d, v, n) => Lost(d, v, n));
            LogAppendFailed(_logger, records.Count, e);
            return;
        }

        Interlocked.Add(ref _written, records.Count);
        if (_metrics is { } metrics)
        {
            ForEachDeployment(records, metrics.RecordCaptureWritten);
        }

        if (captured is not null)
        {
            await ObserveAsync(captured).ConfigureAwait(false);
        }
    }

    private async ValueTask ObserveAsync(List<CapturedPrediction> predictions)
    {
        try
        {
            await _observer!.ObserveAsync(predictions, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An observer's failure (profiling) must never stop the writer.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogObserveFailed(_logger, predictions.Count, e);
        }
    }

    private void Lost(string deployment, string version, int count)
    {
        Interlocked.Add(ref _failed, count);
        _metrics?.RecordCaptureFailed(deployment, version, count);
    }

    /// <summary>Calls <paramref name="action"/> once per run of records from the same deployment and version.</summary>
    private static void ForEachDeployment(List<PredictionRecord> records, Action<string, string, int> action)
    {
        var start = 0;
        for (var i = 1; i <= records.Count; i++)
        {
            if (i == records.Count || records[i].Deployment != records[start].Deployment || records[i].Version != records[start].Version)
            {
                action(records[start].Deployment, records[start].Version, i - start);
                start = i;
            }
        }
    }

    [LoggerMessage(EventId = 4150, Level = LogLevel.Warning, Message = "Writing {Count} predictions to the prediction log failed; they are lost")]
    private static partial void LogAppendFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Warning, Message = "Prediction {RequestId} of deployment {Deployment} could not be turned into JSON; it is not logged")]
    private static partial void LogConvertFailed(ILogger logger, string deployment, string requestId, Exception error);

    [LoggerMessage(EventId = 4153, Level = LogLevel.Warning, Message = "The capture queue ({Capacity} predictions) is full: {Dropped} predictions dropped so far (crucible_serving_capture_dropped_total); lower --capture-sample-rate or give the writer more CPU")]
    private static partial void LogDropped(ILogger logger, long dropped, int capacity);

    [LoggerMessage(EventId = 4152, Level = LogLevel.Warning, Message = "Observing {Count} logged predictions (window profiles) failed; they are left out of the profiles")]
    private static partial void LogObserveFailed(ILogger logger, int count, Exception error);

    /// <summary>
    /// A prediction with the original shapes of its sampled tensors (per input / output position, null when logged
    /// whole), or (with <see cref="Flushed"/> set) a flush marker.
    /// </summary>
    private readonly record struct Entry(CaptureItem Item, long[]?[]? InputShapes, long[]?[]? OutputShapes, TaskCompletionSource? Flushed);
}
