using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Crucible.Serving.Batching;

namespace Crucible.Serving.Metrics;

/// <summary>
/// The serving path's instruments on the <c>Crucible</c> meter. Every series carries <c>deployment</c> and
/// <c>version</c>; request series add <c>protocol</c> (<see cref="ProtocolV2"/>, <see cref="ProtocolInvocations"/>)
/// and <c>outcome</c> (<c>ok</c>, <c>error</c>), errors add <c>reason</c> (<see cref="ReasonBadRequest"/>,
/// <see cref="ReasonModelError"/>, <see cref="ReasonNotReady"/>). The host's Prometheus exporter names them
/// <c>crucible_serving_requests_total</c>, <c>crucible_serving_request_duration_seconds</c>,
/// <c>crucible_serving_batch_size</c> and so on. Recording allocates nothing beyond the listeners' own work.
/// </summary>
public sealed class ServingMetrics
{
    public const string MeterName = "Crucible";
    public const string ProtocolV2 = "v2";
    public const string ProtocolInvocations = "invocations";
    public const string ReasonBadRequest = "bad_request";
    public const string ReasonModelError = "model_error";
    public const string ReasonNotReady = "not_ready";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _batchRows;
    private readonly Histogram<int> _batchRequests;
    private readonly Counter<long> _captureDropped;
    private readonly Counter<long> _captureWritten;
    private readonly Counter<long> _captureFailed;
    private readonly Counter<long> _shadowRequests;
    private readonly Counter<long> _shadowErrors;
    private readonly ConcurrentDictionary<DynamicBatcher, (string Deployment, string Version)> _queues = new();

    public ServingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("crucible.serving.requests", "{request}", "Inference requests answered, by outcome.");
        _errors = meter.CreateCounter<long>("crucible.serving.errors", "{request}", "Inference requests that failed, by reason.");
        _duration = meter.CreateHistogram<double>("crucible.serving.request.duration", "s", "Time to answer an inference request.");
        _batchRows = meter.CreateHistogram<int>("crucible.serving.batch.size", "{row}", "Rows per ONNX Runtime run.");
        _batchRequests = meter.CreateHistogram<int>("crucible.serving.batch.requests", "{request}", "Requests merged into one ONNX Runtime run.");
        meter.CreateObservableGauge("crucible.serving.queue.depth", ObserveQueues, "{request}", "Requests waiting for a batch.");
        _captureDropped = meter.CreateCounter<long>("crucible.serving.capture.dropped", "{prediction}", "Predictions not logged because the capture queue was full.");
        _captureWritten = meter.CreateCounter<long>("crucible.serving.capture.written", "{prediction}", "Predictions written to the prediction log.");
        _captureFailed = meter.CreateCounter<long>("crucible.serving.capture.failed", "{prediction}", "Predictions lost because the prediction log could not be written.");
        _shadowRequests = meter.CreateCounter<long>("crucible.serving.shadow.requests", "{request}", "Requests mirrored to a shadow model, by outcome (ok, error, dropped).");
        _shadowErrors = meter.CreateCounter<long>("crucible.serving.shadow.errors", "{request}", "Shadow requests that failed or were dropped, by reason.");
    }

    /// <summary>
    /// One finished request with its duration. Call it for failures too (<paramref name="ok"/> false), next to
    /// <see cref="RecordError"/> which says why.
    /// </summary>
    public void RecordRequest(string deployment, string version, string protocol, double seconds, bool ok = true)
    {
        var tags = new TagList
        {
            { "deployment", deployment },
            { "version", version },
            { "protocol", protocol },
            { "outcome", ok ? "ok" : "error" },
        };
        _requests.Add(1, tags);
        _duration.Record(seconds, tags);
    }

    /// <summary>Why a request failed; <paramref name="reason"/> is one of the <c>Reason*</c> constants.</summary>
    public void RecordError(string deployment, string version, string protocol, string reason) =>
        _errors.Add(1, new TagList { { "deployment", deployment }, { "version", version }, { "protocol", protocol }, { "reason", reason } });

    /// <summary>One ONNX Runtime run of <paramref name="rows"/> rows merged from <paramref name="requests"/> requests.</summary>
    public void RecordBatch(string deployment, string version, int rows, int requests)
    {
        var tags = new TagList { { "deployment", deployment }, { "version", version } };
        _batchRows.Record(rows, tags);
        _batchRequests.Record(requests, tags);
    }

    /// <summary>A shadow request finished (<paramref name="ok"/>), failed, or was <paramref name="dropped"/> for lack of capacity.</summary>
    public void RecordShadow(string deployment, string version, bool ok, bool dropped = false)
    {
        var outcome = dropped ? "dropped" : ok ? "ok" : "error";
        _shadowRequests.Add(1, new TagList { { "deployment", deployment }, { "version", version }, { "outcome", outcome } });
        if (dropped || !ok)
        {
            _shadowErrors.Add(1, new TagList { { "deployment", deployment }, { "version", version }, { "reason", dropped ? "dropped" : ReasonModelError } });
        }
    }

    public void RecordCaptureDropped(string deployment, string version) =>
        _captureDropped.Add(1, new TagList { { "deployment", deployment }, { "version", version } });

    public void RecordCaptureWritten(string deployment, string version, int count) =>
        _captureWritten.Add(count, new TagList { { "deployment", deployment }, { "version", version } });

    public void RecordCaptureFailed(string deployment, string version, int count) =>
        _captureFailed.Add(count, new TagList { { "deployment", deployment }, { "version", version } });

    /// <summary>An observer for the batcher of one deployment's version: batch histograms and its queue depth.</summary>
    public IBatchObserver BatchObserver(string deployment, string version) => new BatcherMetrics(this, deployment, version);

    private IEnumerable<Measurement<int>> ObserveQueues()
    {
        foreach (var (batcher, (deployment, version)) in _queues)
        {
            yield return new Measurement<int>(batcher.QueueDepth, new KeyValuePair<string, object?>("deployment", deployment), new KeyValuePair<string, object?>("version", version));
        }
    }

    private sealed class BatcherMetrics(ServingMetrics metrics, string deployment, string version) : IBatchObserver
    {
        public void BatchRan(int rows, int requests) => metrics.RecordBatch(deployment, version, rows, requests);

        public void Attach(DynamicBatcher batcher) => metrics._queues[batcher] = (deployment, version);

        public void Detach(DynamicBatcher batcher) => metrics._queues.TryRemove(batcher, out _);
    }
}
