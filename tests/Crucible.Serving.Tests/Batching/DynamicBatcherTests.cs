using Crucible.Core.Serving;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Batching;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Tests.Batching;

public sealed class DynamicBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Concurrent_requests_get_exactly_what_running_alone_gives_and_batches_form()
    {
        var model = new RowModel { Work = TimeSpan.FromMilliseconds(1) };
        var observer = new RecordingObserver();
        await using var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(8, 0), model.Run, TimeProvider.System, observer);
        var requests = Enumerable.Range(0, 200)
            .Select(i => RowModel.Input(Enumerable.Range(0, 1 + (i % 3)).Select(r => RowModel.Row((i * 10) + r)).ToArray()))
            .ToArray();

        var results = await Task.WhenAll(requests.Select(r => Task.Run(async () => await batcher.RunAsync(r, RowModel.Outputs, CancellationToken.None))));

        for (var i = 0; i < requests.Length; i++)
        {
            var output = Assert.Single(results[i]);
            Assert.Equal("y", output.Name);
            Assert.Equal([requests[i][0].Tensor.Shape[0], 2L], output.Value.AsTensor().Shape);
            Assert.Equal(RowModel.Expected(requests[i]), output.Value.AsTensor().ToArray<float>());
        }

        Assert.True(model.RunRows.Max() > 3, $"no batch merged requests; runs: {string.Join(',', model.RunRows)}");
        Assert.All(model.RunRows, r => Assert.InRange(r, 1, 8));
        Assert.Equal(requests.Sum(r => r[0].Tensor.Shape[0]), model.RunRows.Sum());
        Assert.Equal(model.RunRows.Sum(), observer.Rows);
        Assert.Equal(200, observer.Requests);
        Assert.InRange(model.MaxInFlight, 1, Environment.ProcessorCount);
    }

    [Fact]
    public async Task A_failing_member_gets_its_own_error_and_the_others_their_results()
    {
        var model = new RowModel { Hold = new ManualResetEventSlim(false) };
        await using var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(64, 0), model.Run, TimeProvider.System, maxConcurrentRuns: 1);
        var blocker = batcher.RunAsync(RowModel.Input(RowModel.Row(0)), RowModel.Outputs, CancellationToken.None).AsTask();
        Assert.True(await model.Started.WaitAsync(Patience));
        var requests = Enumerable.Range(1, 20).Select(i => i % 5 == 0 ? RowModel.Input(RowModel.Row(i), RowModel.Poison) : RowModel.Input(RowModel.Row(i))).ToArray();
        var tasks = requests.Select(r => batcher.RunAsync(r, RowModel.Outputs, CancellationToken.None).AsTask()).ToArray();

        model.Hold.Set();
        await blocker;

        for (var i = 0; i < requests.Length; i++)
        {
            if ((i + 1) % 5 == 0)
            {
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => tasks[i]);
                Assert.Equal("poison row", error.Message);
            }
            else
            {
                Assert.Equal(RowModel.Expected(requests[i]), (await tasks[i])[0].Value.AsTensor().ToArray<float>());
            }
        }

        Assert.Contains(24, model.RunRows);
    }

    [Fact]
    public async Task A_request_cancelled_in_the_queue_is_never_run_and_the_others_are_unharmed()
    {
        var model = new RowModel { Hold = new ManualResetEventSlim(false) };
        await using var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(64, 0), model.Run, TimeProvider.System, maxConcurrentRuns: 1);
        var blocker = batcher.RunAsync(RowModel.Input(RowModel.Row(0)), RowModel.Outputs, CancellationToken.None).AsTask();
        Assert.True(await model.Started.WaitAsync(Patience));
        using var cancel = new CancellationTokenSource();
        var doomed = batcher.RunAsync(RowModel.Input(RowModel.Row(1), RowModel.Row(2), RowModel.Row(3)), RowModel.Outputs, cancel.Token).AsTask();
        var kept = RowModel.Input(RowModel.Row(4));
        var survivor = batcher.RunAsync(kept, RowModel.Outputs, CancellationToken.None).AsTask();
        Assert.Equal(2, batcher.QueueDepth);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => doomed);
        model.Hold.Set();

        Assert.Equal(RowModel.Expected(kept), (await survivor)[0].Value.AsTensor().ToArray<float>());
        await blocker;
        Assert.Equal([1, 1], model.RunRows);
    }

    [Fact]
    public async Task A_request_larger_than_the_batch_runs_alone()
    {
        var model = new RowModel();
        await using var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(4, 0), model.Run, TimeProvider.System);
        var big = RowModel.Input(Enumerable.Range(0, 10).Select(RowModel.Row).ToArray());

        var result = await batcher.RunAsync(big, RowModel.Outputs, CancellationToken.None);

        Assert.Equal(RowModel.Expected(big), result[0].Value.AsTensor().ToArray<float>());
        Assert.Equal([10], model.RunRows);
    }

    [Fact]
    public async Task A_model_without_a_batch_dimension_runs_directly()
    {
        var model = new RowModel();
        var fixedBatch = new ModelSignature(
            [new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, 1, 4))],
            [new OnnxValueInfo("y", OnnxValueType.Tensor(OnnxElementType.Fp32, 1, 2))]);
        await using var batcher = new DynamicBatcher(fixedBatch, new BatchingSettings(8, 5), model.Run, TimeProvider.System);

        var pending = batcher.RunAsync(RowModel.Input(RowModel.Row(1)), RowModel.Outputs, CancellationToken.None);

        Assert.False(batcher.IsBatching);
        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(RowModel.Expected(RowModel.Input(RowModel.Row(1))), (await pending)[0].Value.AsTensor().ToArray<float>());
    }

    [Fact]
    public async Task With_a_delay_the_collector_waits_for_more_rows()
    {
        var model = new RowModel();
        var observer = new RecordingObserver();
        await using var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(8, 300), model.Run, TimeProvider.System, observer, maxConcurrentRuns: 1);

        var first = batcher.RunAsync(RowModel.Input(RowModel.Row(1)), RowModel.Outputs, CancellationToken.None).AsTask();
        await Task.Delay(20);
        var second = batcher.RunAsync(RowModel.Input(RowModel.Row(2)), RowModel.Outputs, CancellationToken.None).AsTask();
        await Task.WhenAll(first, second);

        Assert.Equal([2], model.RunRows);
        Assert.Equal(2, observer.Requests);
    }

    [Fact]
    public async Task With_announcing_callers_a_lone_request_does_not_wait_for_the_delay()
    {
        var model = new RowModel();
        await using var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(8, 5000), model.Run, TimeProvider.System);

        batcher.Announce();
        var pending = batcher.RunAsync(RowModel.Input(RowModel.Row(1)), RowModel.Outputs, CancellationToken.None);
        batcher.Depart();

        Assert.True(pending.IsCompletedSuccessfully, "a request with nobody else announced runs on its caller's thread at once");
        Assert.Equal(RowModel.Expected(RowModel.Input(RowModel.Row(1))), (await pending)[0].Value.AsTensor().ToArray<float>());
    }

    [Fact]
    public async Task With_announcing_callers_a_batch_waits_for_an_announced_request_and_no_longer()
    {
        var model = new RowModel();
        await using var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(8, 5000), model.Run, TimeProvider.System, maxConcurrentRuns: 1);
        var started = TimeProvider.System.GetTimestamp();

        batcher.Announce();
        batcher.Announce(); // a second request is still being parsed
        var first = batcher.RunAsync(RowModel.Input(RowModel.Row(1)), RowModel.Outputs, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(first.IsCompleted, "the first request waits: another is on its way");
        var second = batcher.RunAsync(RowModel.Input(RowModel.Row(2)), RowModel.Outputs, CancellationToken.None).AsTask();
        await Task.WhenAll(first, second);
        batcher.Depart();
        batcher.Depart();

        Assert.Equal([2], model.RunRows);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(2), "once everyone announced has arrived, the batch goes without waiting out the delay");
    }

    [Fact]
    public async Task A_full_batch_does_not_wait_for_the_delay()
    {
        var model = new RowModel();
        await using var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(2, 1000), model.Run, TimeProvider.System, maxConcurrentRuns: 1);
        var started = TimeProvider.System.GetTimestamp();

        await Task.WhenAll(
            batcher.RunAsync(RowModel.Input(RowModel.Row(1)), RowModel.Outputs, CancellationToken.None).AsTask(),
            batcher.RunAsync(RowModel.Input(RowModel.Row(2)), RowModel.Outputs, CancellationToken.None).AsTask());

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromMilliseconds(900));
        Assert.Equal([2], model.RunRows);
    }

    [Fact]
    public async Task Requests_asking_for_different_outputs_or_row_shapes_are_not_merged()
    {
        var seen = new List<(long Rows, long Width, int Outputs)>();
        IReadOnlyList<InferenceOutput> Run(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputs)
        {
            var x = inputs[0].Tensor;
            lock (seen)
            {
                seen.Add((x.Shape[0], x.Shape[1], outputs.Count));
            }

            Thread.Sleep(5);
            return outputs.Select(o => new InferenceOutput(o, OnnxTensor.FromArray(new float[x.Shape[0]], x.Shape[0]))).ToArray();
        }

        var signature = new ModelSignature(
            [new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", "W"))],
            [new OnnxValueInfo("a", OnnxValueType.Tensor(OnnxElementType.Fp32, "N")), new OnnxValueInfo("b", OnnxValueType.Tensor(OnnxElementType.Fp32, "N"))]);
        await using var batcher = new DynamicBatcher(signature, new BatchingSettings(64, 50), Run, TimeProvider.System, maxConcurrentRuns: 1);
        static InferenceInput[] X(int width) => [new("x", OnnxTensor.FromArray(new float[width], 1, width))];

        var results = await Task.WhenAll(
            batcher.RunAsync(X(3), ["a"], CancellationToken.None).AsTask(),
            batcher.RunAsync(X(3), ["a"], CancellationToken.None).AsTask(),
            batcher.RunAsync(X(4), ["a"], CancellationToken.None).AsTask(),
            batcher.RunAsync(X(3), ["a", "b"], CancellationToken.None).AsTask());

        Assert.Equal([1, 1, 1, 2], results.Select(r => r.Count));
        Assert.Contains((2L, 3L, 1), seen);
        Assert.Equal(4, seen.Sum(s => s.Rows));
    }

    [Fact]
    public async Task Disposing_runs_what_is_queued_and_then_refuses_requests()
    {
        var model = new RowModel { Hold = new ManualResetEventSlim(false) };
        var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(4, 0), model.Run, TimeProvider.System, maxConcurrentRuns: 1);
        var tasks = Enumerable.Range(0, 10).Select(i => batcher.RunAsync(RowModel.Input(RowModel.Row(i)), RowModel.Outputs, CancellationToken.None).AsTask()).ToArray();
        Assert.True(await model.Started.WaitAsync(Patience));

        var disposing = batcher.DisposeAsync().AsTask();
        model.Hold.Set();
        await disposing;

        Assert.All(tasks, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(10, model.RunRows.Sum());
        Assert.Throws<ObjectDisposedException>(() => batcher.RunAsync(RowModel.Input(RowModel.Row(1)), RowModel.Outputs, CancellationToken.None));
    }

    private sealed class RecordingObserver : IBatchObserver
    {
        private int _rows;
        private int _requests;

        public int Rows => Volatile.Read(ref _rows);

        public int Requests => Volatile.Read(ref _requests);

        public void BatchRan(int rows, int requests)
        {
            Interlocked.Add(ref _rows, rows);
            Interlocked.Add(ref _requests, requests);
        }

        public void Attach(DynamicBatcher batcher)
        {
        }

        public void Detach(DynamicBatcher batcher)
        {
        }
    }
}
