using Prometheus;

namespace Crucible.Bench.Metrics;

/// <summary>
/// prometheus-net's collectors called directly with the server's names, labels and buckets, no MeterListener: the
/// package's best case, as if every instrument (ASP.NET Core's included) were rewritten against it.
/// </summary>
internal sealed class PrometheusNetDirectSide : Side
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Gauge _active;
    private readonly Histogram _duration;
    private readonly Counter _requests;
    private readonly Counter _errors;
    private readonly Histogram _servingDuration;
    private readonly Histogram _batchRows;
    private readonly Histogram _batchRequests;
    private readonly MemoryStream _body = new();

    public PrometheusNetDirectSide()
    {
        var f = Prometheus.Metrics.WithCustomRegistry(_registry);
        _active = f.CreateGauge("http_server_active_requests", "Number of active HTTP server requests.", "http_request_method", "url_scheme");
        _duration = f.CreateHistogram("http_server_request_duration_seconds", "Duration of HTTP server requests.", new HistogramConfiguration
        {
            LabelNames = ["http_request_method", "http_response_status_code", "http_route", "network_protocol_version", "url_scheme"],
            Buckets = Buckets.Seconds,
        });
        _requests = f.CreateCounter("crucible_serving_requests_total", "Inference requests answered, by outcome.", "deployment", "version", "protocol", "outcome");
        _errors = f.CreateCounter("crucible_serving_errors_total", "Inference requests that failed, by reason.", "deployment", "version", "protocol", "reason");
        _servingDuration = f.CreateHistogram("crucible_serving_request_duration_seconds", "Time to answer an inference request.", new HistogramConfiguration
        {
            LabelNames = ["deployment", "version", "protocol", "outcome"],
            Buckets = Buckets.Seconds,
        });
        _batchRows = f.CreateHistogram("crucible_serving_batch_size", "Rows per ONNX Runtime run.", new HistogramConfiguration { LabelNames = ["deployment", "version"], Buckets = Buckets.Counts });
        _batchRequests = f.CreateHistogram("crucible_serving_batch_requests", "Requests merged into one ONNX Runtime run.", new HistogramConfiguration { LabelNames = ["deployment", "version"], Buckets = Buckets.Counts });
    }

    public override string Name => "prometheus-net collectors, called directly";

    public override string Slug => "direct";

    public override void Seed()
    {
        for (var r = 0; r < Traffic.Routes; r++)
        {
            _duration.WithLabels("POST", "200", Traffic.Route(r), "1.1", "http").Observe(0.001);
            _duration.WithLabels("POST", "404", Traffic.Route(r), "1.1", "http").Observe(0.0002);
        }

        for (var d = 0; d < Traffic.Deployments; d++)
        {
            _requests.WithLabels(Traffic.Deployment(d), "1", "v2", "error").Inc();
            _servingDuration.WithLabels(Traffic.Deployment(d), "1", "v2", "error").Observe(0.0001);
            _errors.WithLabels(Traffic.Deployment(d), "1", "v2", "bad_request").Inc();
        }
    }

    public override void Request(int i, string deployment)
    {
        var seconds = 0.00002 * (1 + (i & 63));
        _active.WithLabels("POST", "http").Inc();
        _batchRows.WithLabels(deployment, "1").Observe(1);
        _batchRequests.WithLabels(deployment, "1").Observe(1);
        _requests.WithLabels(deployment, "1", "v2", "ok").Inc();
        _servingDuration.WithLabels(deployment, "1", "v2", "ok").Observe(seconds);
        _duration.WithLabels("POST", "200", Traffic.InferRoute, "1.1", "http").Observe(seconds);
        _active.WithLabels("POST", "http").Dec();
    }

    public override ReadOnlyMemory<byte> RenderBytes()
    {
        _body.SetLength(0);
        _registry.CollectAndExportAsTextAsync(_body).GetAwaiter().GetResult();
        return _body.GetBuffer().AsMemory(0, (int)_body.Length);
    }

    public override void Dispose()
    {
    }
}
