using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>Logging into a run: metrics, params, tags, batches, dataset inputs, and metric history.</summary>
public sealed partial class CrucibleClient
{
    /// <summary>The metric history page size the client asks for: MLflow's cap, so most histories take one request.</summary>
    public const int MaxMetricHistoryPage = 25000;

    /// <summary>Logs one metric value.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="key">The metric name.</param>
    /// <param name="value">The value; NaN and infinities are allowed.</param>
    /// <param name="timestamp">Epoch milliseconds; the client's clock when null.</param>
    /// <param name="step">The training step (0 by default).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task LogMetricAsync(string runId, string key, double value, long? timestamp = null, long step = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var request = new LogMetricRequest(runId, null, key, value, timestamp ?? NowMilliseconds(), step);
        return PostAsync("runs/log-metric", request, Json.LogMetricRequest, cancellationToken);
    }

    /// <summary>Logs a param. Params are immutable: logging a different value for a key throws <c>INVALID_PARAMETER_VALUE</c>.</summary>
    public Task LogParameterAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return PostAsync("runs/log-parameter", new LogParamRequest(runId, null, key, value), Json.LogParamRequest, cancellationToken);
    }

    /// <summary>Sets (or replaces) a tag on a run.</summary>
    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return PostAsync("runs/set-tag", new SetTagRequest(runId, null, key, value), Json.SetTagRequest, cancellationToken);
    }

    /// <summary>Removes a tag from a run.</summary>
    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return PostAsync("runs/delete-tag", new DeleteTagRequest(runId, key), Json.DeleteTagRequest, cancellationToken);
    }

    /// <summary>Logs metrics, params and tags in one request (MLflow allows up to 1000 metrics and 100 params plus tags).</summary>
    /// <remarks>A metric without a timestamp gets the client's clock.</remarks>
    public Task LogBatchAsync(
        string runId,
        IEnumerable<MetricDto>? metrics = null,
        IEnumerable<KeyValue>? parameters = null,
        IEnumerable<KeyValue>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var now = NowMilliseconds();
        var stamped = metrics?.Select(m => m.Timestamp is null ? m with { Timestamp = now } : m).ToList();
        var request = new LogBatchRequest(runId, NullIfEmpty(stamped), NullIfEmpty(parameters?.ToList()), NullIfEmpty(tags?.ToList()));
        return PostAsync("runs/log-batch", request, Json.LogBatchRequest, cancellationToken);
    }

    /// <summary>Records the datasets a run used.</summary>
    public Task LogInputsAsync(string runId, IEnumerable<DatasetInputDto> datasets, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(datasets);
        return PostAsync("runs/log-inputs", new LogInputsRequest(runId, datasets.ToList()), Json.LogInputsRequest, cancellationToken);
    }

    /// <summary>One page of a metric's history, asked for with an explicit page size (MLflow answers nothing without one).</summary>
    public Task<GetMetricHistoryResponse> GetMetricHistoryPageAsync(
        string runId, string key, int maxResults = MaxMetricHistoryPage, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        var query = new QueryString()
            .Add("run_id", runId)
            .Add("metric_key", key)
            .Add("max_results", maxResults.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("page_token", pageToken);
        return GetAsync("metrics/get-history", query, Json.GetMetricHistoryResponse, cancellationToken);
    }

    /// <summary>Every logged value of a metric, all pages read.</summary>
    public async Task<IReadOnlyList<MetricDto>> GetMetricHistoryAsync(
        string runId, string key, int pageSize = MaxMetricHistoryPage, CancellationToken cancellationToken = default)
    {
        var all = new List<MetricDto>();
        string? token = null;
        do
        {
            var page = await GetMetricHistoryPageAsync(runId, key, pageSize, token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Metrics ?? []);
            token = Paging.Next(token, page.NextPageToken, "metrics/get-history");
        }
        while (token is not null);

        return all;
    }

    private long NowMilliseconds() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static List<T>? NullIfEmpty<T>(List<T>? items) => items is { Count: > 0 } ? items : null;
}
