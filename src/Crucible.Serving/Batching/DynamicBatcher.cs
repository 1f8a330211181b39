using System.Threading.Channels;
using Crucible.Core.Serving;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Batching;

/// <summary>
/// Dynamic batching for one model version: concurrent requests with the same requested outputs and the same
/// dimensions after the first are stacked along dimension 0 into one ONNX Runtime run of at most
/// <see cref="BatchingSettings.MaxBatchSize"/> rows, and the outputs are cut back into each request's rows.
/// <para>
/// Shape: requests go into an unbounded channel; a few worker loops (at most <see cref="Environment.ProcessorCount"/>)
/// take turns collecting. Only one worker collects at a time, and a worker collects only when it is free to run, so
/// under load the queue fills while the others run and the next batch is large; when idle a lone request runs at
/// once. With <see cref="BatchingSettings.MaxDelayMs"/> 0 a batch is whatever is queued right now (Triton's default);
/// with a delay the collector waits at most that long for more rows, and dispatches as soon as the batch is full.
/// No lock is held during a run and no timer exists per request.
/// </para>
/// <para>
/// A merged run that fails is retried request by request, so each request gets its own result or its own error,
/// never another request's. A cancelled request is skipped if still queued, or its result dropped if already running.
/// Requests that cannot be merged (no batch dimension, more rows than fit, non-tensor outputs, or a model that is
/// not batchable) run directly on the caller's thread.
/// </para>
/// </summary>
public sealed partial class DynamicBatcher : IAsyncDisposable
{
    private readonly HashSet<string> _tensorOutputs;
    private readonly Func<IReadOnlyList<InferenceInput>, IReadOnlyList<string>, IReadOnlyList<InferenceOutput>> _run;
    private readonly TimeProvider _time;
    private readonly IBatchObserver? _observer;
    private readonly Channel<Pending>? _queue;
    private readonly SemaphoreSlim _collecting = new(1, 1);
    private readonly Task[] _workers = [];
    private readonly TimeSpan _maxDelay;
    private Pending? _carry;
    private int _disposed;

    // Adaptive waiting (when callers announce themselves): requests announced and not yet answered, and requests in
    // batches being run. A batch waits for more rows only while announced requests exist that are neither in it nor
    // running, that is, while someone else is on the way; a lone request never waits and runs on its caller's thread.
    private bool _announcing;
    private int _announced;
    private int _running;

    /// <param name="signature">The model's signature; batching needs <see cref="ModelSignature.IsBatchable"/>.</param>
    /// <param name="settings">Batch size in rows and the longest wait for more rows.</param>
    /// <param name="run">One synchronous ONNX Runtime run: inputs and requested output names to outputs, in that order.</param>
    /// <param name="time">The clock for the batching delay.</param>
    /// <param name="observer">Receives batch sizes and can read the queue depth; optional.</param>
    /// <param name="maxConcurrentRuns">Runs in flight at most (default: the processor count).</param>
    public DynamicBatcher(
        ModelSignature signature,
        BatchingSettings settings,
        Func<IReadOnlyList<InferenceInput>, IReadOnlyList<string>, IReadOnlyList<InferenceOutput>> run,
        TimeProvider time,
        IBatchObserver? observer = null,
        int? maxConcurrentRuns = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(time);
        _tensorOutputs = new HashSet<string>(signature.TensorOutputs, StringComparer.Ordinal);
        _run = run;
        _time = time;
        _observer = observer;
        MaxBatchSize = Math.Max(settings.MaxBatchSize, 1);
        _maxDelay = TimeSpan.FromMilliseconds(Math.Max(settings.MaxDelayMs, 0));
        IsBatching = signature.IsBatchable && MaxBatchSize > 1;
        if (IsBatching)
        {
            _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
            var workers = Math.Clamp(maxConcurrentRuns ?? Environment.ProcessorCount, 1, Environment.ProcessorCount);
            _workers = new Task[workers];
            for (var i = 0; i < workers; i++)
            {
                _workers[i] = Task.Run(WorkAsync);
            }
        }

        observer?.Attach(this);
    }

    /// <summary>False when every request runs directly (the model is not batchable, or the batch size is 1).</summary>
    public bool IsBatching { get; }

    public int MaxBatchSize { get; }

    /// <summary>
    /// Tells the batcher a request is on its way (parsing) and will call <see cref="RunAsync"/> or <see cref="Depart"/>.
    /// Once callers announce, the delay becomes adaptive: a batch waits only while announced requests could still
    /// join it, so a request alone is answered at once and a burst still merges. Pair every call with <see cref="Depart"/>.
    /// </summary>
    public void Announce()
    {
        _announcing = true;
        Interlocked.Increment(ref _announced);
    }

    /// <summary>The announced request is answered (or failed before it was queued).</summary>
    public void Depart() => Interlocked.Decrement(ref _announced);

    /// <summary>Requests waiting for a run.</summary>
    public int QueueDepth => (_queue?.Reader.Count ?? 0) + (Volatile.Read(ref _carry) is null ? 0 : 1);

    /// <summary>
    /// Runs <paramref name="inputs"/> asking for <paramref name="outputNames"/>, merged with other requests when
    /// possible; the outputs are exactly those of running the request alone.
    /// </summary>
    public ValueTask<IReadOnlyList<InferenceOutput>> RunAsync(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputNames, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (ct.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<IReadOnlyList<InferenceOutput>>(ct);
        }

        var rows = _queue is null ? -1 : Mergeable(inputs, outputNames);
        if (rows < 0 || rows >= MaxBatchSize || IsAlone())
        {
            return RunDirectly(inputs, outputNames, rows);
        }

        var pending = new Pending(inputs, outputNames, rows);
        if (ct.CanBeCanceled)
        {
            pending.Cancellation = ct.UnsafeRegister(static (state, token) => ((Pending)state!).TrySetCanceled(token), pending);
        }

        if (!_queue!.Writer.TryWrite(pending))
        {
            pending.Cancellation.Dispose();
            throw new ObjectDisposedException(nameof(DynamicBatcher));
        }

        return new ValueTask<IReadOnlyList<InferenceOutput>>(pending.Task);
    }

    /// <summary>Stops taking requests, runs those already queued, and waits for the workers to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue?.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _observer?.Detach(this);
        _collecting.Dispose();
    }

    /// <summary>The request's rows when it can share a run, or -1.</summary>
    private int Mergeable(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputNames)
    {
        if (inputs.Count == 0)
        {
            return -1;
        }

        foreach (var name in outputNames)
        {
            if (!_tensorOutputs.Contains(name))
            {
                return -1;
            }
        }

        long rows = -1;
        foreach (var input in inputs)
        {
            var shape = input.Tensor.Shape;
            if (shape.Count == 0 || (rows >= 0 && shape[0] != rows))
            {
                return -1;
            }

            rows = shape[0];
        }

        return rows > int.MaxValue ? -1 : (int)rows;
    }

    /// <summary>With announcing callers: nobody else is announced, queued or running, so there is nothing to merge with.</summary>
    private bool IsAlone() =>
        _announcing && Volatile.Read(ref _announced) <= 1 && Volatile.Read(ref _running) == 0 && _queue!.Reader.Count == 0 && Volatile.Read(ref _carry) is null;

    /// <summary>With announcing callers: no announced request exists beyond those collected and those running.</summary>
    private bool NoOneElseComing(int collected) =>
        _announcing && Volatile.Read(ref _announced) - Volatile.Read(ref _running) - collected <= 0;

    private ValueTask<IReadOnlyList<InferenceOutput>> RunDirectly(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputNames, int rows)
    {
        try
        {
            var outputs = _run(inputs, outputNames);
            _observer?.BatchRan(rows >= 0 ? rows : inputs is [{ Tensor.Shape: [var n, ..] }, ..] ? (int)Math.Min(n, int.MaxValue) : 1, 1);
            return ValueTask.FromResult(outputs);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<IReadOnlyList<InferenceOutput>>(e);
        }
    }

    private async Task WorkAsync()
    {
        var batch = new List<Pending>(16);
        while (true)
        {
            bool open;
            await _collecting.WaitAsync().ConfigureAwait(false);
            try
            {
                open = await CollectAsync(batch).ConfigureAwait(false);
            }
            finally
            {
                _collecting.Release();
            }

            if (batch.Count > 0)
            {
                Execute(batch);
                batch.Clear();
            }

            if (!open)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="batch"/> with compatible requests, first come first served; the first that does not
    /// fit is kept for the next batch. Returns false once the queue is completed and empty.
    /// </summary>
    private async ValueTask<bool> CollectAsync(List<Pending> batch)
    {
        var reader = _queue!.Reader;
        Pending first;
        while (true)
        {
            if (_carry is { } carried)
            {
                Volatile.Write(ref _carry, null);
                first = carried;
            }
            else if (!reader.TryRead(out first!))
            {
                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    return false;
                }

                continue;
            }

            if (!first.IsDone)
            {
                break;
            }
        }

        batch.Add(first);
        var rows = first.Rows;
        var started = _maxDelay > TimeSpan.Zero ? _time.GetTimestamp() : 0;
        while (rows < MaxBatchSize)
        {
            if (reader.TryRead(out var next))
            {
                if (next.IsDone)
                {
                    continue;
                }

                if (rows + next.Rows > MaxBatchSize || !first.CanJoin(next))
                {
                    Volatile.Write(ref _carry, next);
                    break;
                }

                batch.Add(next);
                rows += next.Rows;
                continue;
            }

            if (_maxDelay <= TimeSpan.Zero || NoOneElseComing(batch.Count))
            {
                break;
            }

            var remaining = _maxDelay - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero || !await WaitForMoreAsync(reader, remaining).ConfigureAwait(false))
            {
                break;
            }
        }

        return true;
    }

    /// <summary>Waits until something is queued (true) or the time is up or the queue completed (false).</summary>
    private async ValueTask<bool> WaitForMoreAsync(ChannelReader<Pending> reader, TimeSpan remaining)
    {
        using var timeout = new CancellationTokenSource(remaining, _time);
        var wait = reader.WaitToReadAsync(timeout.Token).AsTask();
        await ((Task)wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return wait.IsCompletedSuccessfully && wait.Result;
    }

    private void Execute(List<Pending> batch)
    {
        var rows = 0;
        foreach (var pending in batch)
        {
            rows += pending.Rows;
        }

        Interlocked.Add(ref _running, batch.Count);
        try
        {
            if (batch.Count == 1)
            {
                RunAlone(batch[0]);
            }
            else
            {
                RunMerged(batch, rows);
            }
        }
        finally
        {
            Interlocked.Add(ref _running, -batch.Count);
        }

        _observer?.BatchRan(rows, batch.Count);
    }

    private void RunAlone(Pending pending)
    {
        if (pending.IsDone)
        {
            return;
        }

        try
        {
            pending.Succeed(_run(pending.Inputs, pending.OutputNames));
        }
        catch (Exception e)
        {
            pending.Fail(e);
        }
    }

    private void RunMerged(List<Pending> batch, int rows)
    {
        IReadOnlyList<InferenceOutput>[] results;
        try
        {
            results = RunAndSplit(batch, rows);
        }
        catch (Exception)
        {
            // Someone in the batch made the run fail (or the model's outputs are not per row): retry each request
            // alone so every request gets its own outcome.
            foreach (var pending in batch)
            {
                RunAlone(pending);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Succeed(results[i]);
        }
    }

    private IReadOnlyList<InferenceOutput>[] RunAndSplit(List<Pending> batch, int rows)
    {
        var first = batch[0];
        var inputs = new InferenceInput[first.Inputs.Count];
        var parts = new OnnxTensor[batch.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            for (var j = 0; j < batch.Count; j++)
            {
                parts[j] = batch[j].Inputs[i].Tensor;
            }

            inputs[i] = new InferenceInput(first.Inputs[i].Name, TensorRows.Concat(parts));
        }

        var outputs = _run(inputs, first.OutputNames);
        Span<int> counts = batch.Count <= 256 ? stackalloc int[batch.Count] : new int[batch.Count];
        for (var j = 0; j < batch.Count; j++)
        {
            counts[j] = batch[j].Rows;
        }

        var results = new InferenceOutput[batch.Count][];
        for (var j = 0; j < batch.Count; j++)
        {
            results[j] = new InferenceOutput[outputs.Count];
        }

        for (var o = 0; o < outputs.Count; o++)
        {
            var tensor = outputs[o].Value as OnnxTensor
                ?? throw new InvalidOperationException($"output '{outputs[o].Name}' is not a tensor and cannot be split by rows");
            if (tensor.Shape.Count == 0 || tensor.Shape[0] != rows)
            {
                throw new InvalidOperationException($"output '{outputs[o].Name}' ({tensor}) does not have one row per input row ({rows})");
            }

            var split = TensorRows.Split(tensor, counts);
            for (var j = 0; j < batch.Count; j++)
            {
                results[j][o] = new InferenceOutput(outputs[o].Name, split[j]);
            }
        }

        return results;
    }
}
