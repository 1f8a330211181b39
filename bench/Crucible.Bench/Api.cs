using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Crucible.Bench;

/// <summary>
/// A keep-alive HTTP/1.1 client on one pooled connection, timing each call from send to the last byte of the
/// answer. Bodies are built before the clock starts; answers are parsed after it stops.
/// </summary>
internal sealed class Api : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <param name="baseAddress">The server.</param>
    /// <param name="bearerToken">Sent as <c>Authorization: Bearer</c> on every call when the server has authentication on.</param>
    public Api(Uri baseAddress, string? bearerToken = null)
    {
        _base = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 64 })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (bearerToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    /// <summary>POSTs <paramref name="body"/> and returns the answer and the call's latency in ms; a non-2xx answer throws.</summary>
    public async Task<(byte[] Answer, double Milliseconds)> PostAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.PostAsync(new Uri(_base, path), content).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var elapsed = Samples.Since(started);
        Check(path, response, answer);
        return (answer, elapsed);
    }

    public async Task<(byte[] Answer, double Milliseconds)> GetAsync(string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.GetAsync(new Uri(_base, path)).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var elapsed = Samples.Since(started);
        Check(path, response, answer);
        return (answer, elapsed);
    }

    public void Dispose() => _http.Dispose();

    private static void Check(string path, HttpResponseMessage response, byte[] answer)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
        }
    }
}

/// <summary>MLflow REST request bodies, written with <see cref="Utf8JsonWriter"/>.</summary>
internal static class Bodies
{
    public const string LogMetric = "api/2.0/mlflow/runs/log-metric";
    public const string LogBatch = "api/2.0/mlflow/runs/log-batch";
    public const string CreateRun = "api/2.0/mlflow/runs/create";
    public const string CreateExperiment = "api/2.0/mlflow/experiments/create";
    public const string SearchRuns = "api/2.0/mlflow/runs/search";

    public static byte[] Metric(string runId, string key, double value, long timestamp, long step) => Write(w =>
    {
        w.WriteString("run_id", runId);
        w.WriteString("key", key);
        w.WriteNumber("value", value);
        w.WriteNumber("timestamp", timestamp);
        w.WriteNumber("step", step);
    });

    public static byte[] Batch(string runId, IEnumerable<(string Key, double Value, long Timestamp, long Step)> metrics) => Write(w =>
    {
        w.WriteString("run_id", runId);
        w.WriteStartArray("metrics");
        foreach (var (key, value, timestamp, step) in metrics)
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteNumber("value", value);
            w.WriteNumber("timestamp", timestamp);
            w.WriteNumber("step", step);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static byte[] Run(string experimentId, string runName, long startTime) => Write(w =>
    {
        w.WriteString("experiment_id", experimentId);
        w.WriteString("run_name", runName);
        w.WriteNumber("start_time", startTime);
    });

    public static byte[] Experiment(string name) => Write(w => w.WriteString("name", name));

    public static byte[] Search(string experimentId, string? filter, string orderBy, int maxResults) => Write(w =>
    {
        w.WriteStartArray("experiment_ids");
        w.WriteStringValue(experimentId);
        w.WriteEndArray();
        if (filter is not null)
        {
            w.WriteString("filter", filter);
        }

        w.WriteNumber("max_results", maxResults);
        w.WriteStartArray("order_by");
        w.WriteStringValue(orderBy);
        w.WriteEndArray();
    });

    public static string RunId(byte[] createRunAnswer)
    {
        using var doc = JsonDocument.Parse(createRunAnswer);
        return doc.RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    public static string ExperimentId(byte[] createExperimentAnswer)
    {
        using var doc = JsonDocument.Parse(createExperimentAnswer);
        return doc.RootElement.GetProperty("experiment_id").GetString()!;
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
