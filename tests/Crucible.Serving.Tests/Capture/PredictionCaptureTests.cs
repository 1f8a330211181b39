using Crucible.Onnx.Values;
using Crucible.Serving.Capture;
using Crucible.Serving.Inference;
using Crucible.TestSupport;

namespace Crucible.Serving.Tests.Capture;

public sealed class PredictionCaptureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A flush interval no test waits for: writes happen only because of a flush or a full batch.</summary>
    private static readonly PredictionCaptureOptions Slow = new() { FlushInterval = TimeSpan.FromHours(1) };

    [Fact]
    public async Task Captured_predictions_are_written_as_records_with_oip_tensor_json()
    {
        var log = new MemoryPredictionLog();
        await using var capture = new PredictionCapture(log, new ManualTimeProvider(), Slow);

        Assert.True(capture.TryCapture(Item("r1", outputs: [new InferenceOutput("label", OnnxTensor.FromArray(new long[] { 7 }, 1))])));
        Assert.True(capture.TryCapture(Item("r2", outputs: null, error: "the model failed", shadow: true)));
        await capture.FlushAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(2, capture.Written);
        var ok = log.Records[0];
        Assert.Equal(("r1", "iris", "iris-model", "3", 1_767_225_600_000L, 1.5, false), (ok.RequestId, ok.Deployment, ok.Model, ok.Version, ok.TimestampMs, ok.LatencyMs, ok.Shadow));
        Assert.Equal("""{"x":{"datatype":"FP32","shape":[1,2],"data":[1.5,-2]},"name":{"datatype":"BYTES","shape":[1],"data":["a\"b"]}}""", ok.Inputs);
        Assert.Equal("""{"label":{"datatype":"INT64","shape":[1],"data":[7]}}""", ok.Outputs);
        Assert.Null(ok.Error);
        var failed = log.Records[1];
        Assert.Null(failed.Outputs);
        Assert.Equal("the model failed", failed.Error);
        Assert.True(failed.Shadow);
    }

    [Fact]
    public async Task Non_tensor_outputs_are_left_out_of_the_record()
    {
        var log = new MemoryPredictionLog();
        await using var capture = new PredictionCapture(log, TimeProvider.System, Slow);
        var map = new OnnxMap(OnnxTensor.Vector(0L, 1L), OnnxTensor.Vector(0.25f, 0.75f));

        capture.TryCapture(Item("r1", outputs: [new InferenceOutput("probabilities", new OnnxSequence([map])), new InferenceOutput("label", OnnxTensor.Vector(1L))]));
        await capture.FlushAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal("""{"label":{"datatype":"INT64","shape":[1],"data":[1]}}""", Assert.Single(log.Records).Outputs);
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_blocking()
    {
        var log = new MemoryPredictionLog { Gate = new SemaphoreSlim(0) };
        await using var capture = new PredictionCapture(log, TimeProvider.System, new PredictionCaptureOptions { Capacity = 4, FlushInterval = TimeSpan.Zero });
        Assert.True(capture.TryCapture(Item("first")));
        Assert.True(await log.Entered.WaitAsync(Patience));

        var accepted = Enumerable.Range(0, 10).Count(i => capture.TryCapture(Item($"r{i}")));

        Assert.Equal(4, accepted);
        Assert.Equal(6, capture.Dropped);
        log.Gate.Release(100);
        await capture.FlushAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(5, capture.Written);
        Assert.Equal(["first", "r0", "r1", "r2", "r3"], log.Records.Select(r => r.RequestId));
    }

    [Fact]
    public async Task Flush_does_not_wait_for_the_flush_interval_and_covers_more_than_one_batch()
    {
        var log = new MemoryPredictionLog();
        await using var capture = new PredictionCapture(log, TimeProvider.System, Slow with { MaxBatch = 3 });

        for (var i = 0; i < 10; i++)
        {
            capture.TryCapture(Item($"r{i}"));
        }

        await capture.FlushAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(10, capture.Written);
        Assert.True(log.Appends >= 4);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"r{i}"), log.Records.Select(r => r.RequestId));
    }

    [Fact]
    public async Task A_failing_store_is_counted_and_the_writer_carries_on()
    {
        var log = new MemoryPredictionLog { FailNext = 1 };
        await using var capture = new PredictionCapture(log, TimeProvider.System, Slow);

        capture.TryCapture(Item("lost"));
        await capture.FlushAsync(CancellationToken.None).WaitAsync(Patience);
        capture.TryCapture(Item("kept"));
        await capture.FlushAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(1, capture.Failed);
        Assert.Equal(1, capture.Written);
        Assert.Equal("kept", Assert.Single(log.Records).RequestId);
    }

    [Fact]
    public async Task Disposing_writes_what_is_queued_and_later_captures_are_dropped()
    {
        var log = new MemoryPredictionLog();
        var capture = new PredictionCapture(log, TimeProvider.System, Slow);
        for (var i = 0; i < 3; i++)
        {
            capture.TryCapture(Item($"r{i}"));
        }

        await capture.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(3, log.Records.Count);
        Assert.False(capture.TryCapture(Item("late")));
        Assert.Equal(1, capture.Dropped);
        await capture.FlushAsync(CancellationToken.None).WaitAsync(Patience);
    }

    [Fact]
    public async Task Without_a_flush_small_batches_are_written_after_the_flush_interval()
    {
        var log = new MemoryPredictionLog();
        await using var capture = new PredictionCapture(log, TimeProvider.System, new PredictionCaptureOptions { FlushInterval = TimeSpan.FromMilliseconds(20) });

        capture.TryCapture(Item("r1"));

        Assert.True(await log.Appended.WaitAsync(Patience));
        Assert.Equal("r1", Assert.Single(log.Records).RequestId);
    }

    private static CaptureItem Item(string id, IReadOnlyList<InferenceOutput>? outputs = null, string? error = null, bool shadow = false) => new(
        id,
        "iris",
        "iris-model",
        "3",
        1_767_225_600_000,
        [new InferenceInput("x", OnnxTensor.FromArray(new[] { 1.5f, -2f }, 1, 2)), new InferenceInput("name", OnnxTensor.FromArray(new[] { "a\"b" }, 1))],
        outputs ?? (error is null ? [new InferenceOutput("y", OnnxTensor.FromArray(new[] { 0.5f }, 1))] : null),
        1.5,
        shadow,
        error);
}
