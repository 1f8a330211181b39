using System.Diagnostics.Metrics;
using Crucible.Serving.Metrics;

namespace Crucible.Bench.Metrics;

/// <summary>
/// What one inference request records in the server, on a given meter factory: ASP.NET Core's hosting instruments
/// (same names, units and tags as Microsoft.AspNetCore.Hosting writes them) and Crucible's own ServingMetrics.
/// </summary>
internal sealed class Traffic
{
    public const int Deployments = 5;
    public const int Routes = 30;

    /// <summary>Active requests +1 and -1, the request duration, and ServingMetrics' request, duration and two batch measurements.</summary>
    public const int MeasurementsPerRequest = 7;

    public const string InferRoute = "/v2/models/{model_name}/infer";

    private static readonly object Status200 = 200;
    private static readonly object Status404 = 404;
    private readonly UpDownCounter<long> _active;
    private readonly Histogram<double> _duration;
    private readonly ServingMetrics _serving;

    public Traffic(IMeterFactory factory)
    {
        var meter = factory.Create("Microsoft.AspNetCore.Hosting");
        _active = meter.CreateUpDownCounter<long>("http.server.active_requests", "{request}", "Number of active HTTP server requests.");
        _duration = meter.CreateHistogram<double>("http.server.request.duration", "s", "Duration of HTTP server requests.");
        _serving = new ServingMetrics(factory);
    }

    public static string Deployment(int i) => "model-" + (i % Deployments).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Route(int i) => "/api/2.0/mlflow/route-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Other traffic before timing: every route with 200 and 404, every deployment with an error.</summary>
    public void Seed()
    {
        for (var r = 0; r < Routes; r++)
        {
            Http(Route(r), Status200, 0.001);
            Http(Route(r), Status404, 0.0002);
        }

        for (var d = 0; d < Deployments; d++)
        {
            _serving.RecordRequest(Deployment(d), "1", ServingMetrics.ProtocolV2, 0.0001, ok: false);
            _serving.RecordError(Deployment(d), "1", ServingMetrics.ProtocolV2, ServingMetrics.ReasonBadRequest);
        }
    }

    /// <summary>One answered inference request of deployment <c>i % Deployments</c>.</summary>
    public void Request(int i, string deployment)
    {
        var seconds = 0.00002 * (1 + (i & 63));
        _active.Add(1, new KeyValuePair<string, object?>("http.request.method", "POST"), new KeyValuePair<string, object?>("url.scheme", "http"));
        _serving.RecordBatch(deployment, "1", 1, 1);
        _serving.RecordRequest(deployment, "1", ServingMetrics.ProtocolV2, seconds);
        Http(InferRoute, Status200, seconds);
        _active.Add(-1, new KeyValuePair<string, object?>("http.request.method", "POST"), new KeyValuePair<string, object?>("url.scheme", "http"));
    }

    private void Http(string route, object status, double seconds) =>
        _duration.Record(
            seconds,
            new KeyValuePair<string, object?>("http.request.method", "POST"),
            new KeyValuePair<string, object?>("url.scheme", "http"),
            new KeyValuePair<string, object?>("http.route", route),
            new KeyValuePair<string, object?>("network.protocol.version", "1.1"),
            new KeyValuePair<string, object?>("http.response.status_code", status));
}
