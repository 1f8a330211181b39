using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Crucible.Core.Serving;
using Crucible.Serving.Batching;
using Crucible.Serving.Metrics;
using Crucible.Serving.Tests.Batching;

namespace Crucible.Serving.Tests.Metrics;

public sealed class ServingMetricsTests : IDisposable
{
    private readonly TestMeterFactory _factory = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = new();

    public ServingMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public void A_request_is_counted_and_timed_with_its_tags()
    {
        var metrics = new ServingMetrics(_factory);

        metrics.RecordRequest("iris", "3", ServingMetrics.ProtocolV2, 0.004);

        var count = Single("crucible.serving.requests");
        Assert.Equal(1, count.Value);
        Assert.Equal(new Dictionary<string, string?> { ["deployment"] = "iris", ["version"] = "3", ["protocol"] = "v2", ["outcome"] = "ok" }, count.Tags);
        var duration = Single("crucible.serving.request.duration");
        Assert.Equal(0.004, duration.Value);
        Assert.Equal(count.Tags, duration.Tags);
    }

    [Fact]
    public void Errors_carry_their_reason_and_failed_requests_their_outcome()
    {
        var metrics = new ServingMetrics(_factory);

        metrics.RecordError("iris", "3", ServingMetrics.ProtocolInvocations, ServingMetrics.ReasonBadRequest);
        metrics.RecordRequest("iris", "3", ServingMetrics.ProtocolInvocations, 0.001, ok: false);

        Assert.Equal("bad_request", Single("crucible.serving.errors").Tags["reason"]);
        Assert.Equal("invocations", Single("crucible.serving.errors").Tags["protocol"]);
        Assert.Equal("error", Single("crucible.serving.requests").Tags["outcome"]);
    }

    [Fact]
    public void Shadow_and_capture_counters_arrive()
    {
        var metrics = new ServingMetrics(_factory);

        metrics.RecordShadow("iris", "4", ok: true);
        metrics.RecordShadow("iris", "4", ok: false, dropped: true);
        metrics.RecordCaptureDropped("iris", "3");
        metrics.RecordCaptureWritten("iris", "3", 12);
        metrics.RecordCaptureFailed("iris", "3", 2);

        Assert.Equal(["ok", "dropped"], Of("crucible.serving.shadow.requests").Select(m => m.Tags["outcome"]));
        Assert.Equal("dropped", Single("crucible.serving.shadow.errors").Tags["reason"]);
        Assert.Equal(1, Single("crucible.serving.capture.dropped").Value);
        Assert.Equal(12, Single("crucible.serving.capture.written").Value);
        Assert.Equal(2, Single("crucible.serving.capture.failed").Value);
        Assert.Equal("3", Single("crucible.serving.capture.written").Tags["version"]);
    }

    [Fact]
    public async Task A_batcher_reports_batch_sizes_and_its_queue_depth()
    {
        var metrics = new ServingMetrics(_factory);
        var model = new RowModel { Hold = new ManualResetEventSlim(false) };
        var batcher = new DynamicBatcher(RowModel.Signature, new BatchingSettings(8, 0), model.Run, TimeProvider.System, metrics.BatchObserver("iris", "3"), maxConcurrentRuns: 1);
        var first = batcher.RunAsync(RowModel.Input(RowModel.Row(1)), RowModel.Outputs, CancellationToken.None).AsTask();
        Assert.True(await model.Started.WaitAsync(TimeSpan.FromSeconds(30)));
        var queued = Enumerable.Range(2, 3).Select(i => batcher.RunAsync(RowModel.Input(RowModel.Row(i), RowModel.Row(i)), RowModel.Outputs, CancellationToken.None).AsTask()).ToArray();

        _listener.RecordObservableInstruments();
        var depth = Single("crucible.serving.queue.depth");
        model.Hold.Set();
        await Task.WhenAll(queued.Append(first));
        await batcher.DisposeAsync();

        Assert.Equal(3, depth.Value);
        Assert.Equal("iris", depth.Tags["deployment"]);
        Assert.Equal([1.0, 6.0], Of("crucible.serving.batch.size").Select(m => m.Value));
        Assert.Equal([1.0, 3.0], Of("crucible.serving.batch.requests").Select(m => m.Value));
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        Assert.Empty(Of("crucible.serving.queue.depth"));
    }

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        var dictionary = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value?.ToString();
        }

        _measurements.Enqueue((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), dictionary));
    }

    private (string Instrument, double Value, Dictionary<string, string?> Tags)[] Of(string name) =>
        _measurements.Where(m => m.Instrument == name).ToArray();

    private (string Instrument, double Value, Dictionary<string, string?> Tags) Single(string name) => Assert.Single(Of(name));

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            options.Scope = this;
            var meter = new Meter(options);
            lock (_meters)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
