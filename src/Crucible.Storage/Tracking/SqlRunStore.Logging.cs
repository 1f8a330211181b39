using Crucible.Core.Errors;
using Crucible.Core.Search;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

internal sealed partial class SqlRunStore
{
    public Task LogBatchAsync(string runId, LogBatch batch, CancellationToken cancellationToken)
    {
        var parameters = DistinctParams(runId, batch.Params);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await RequireActiveAsync(c, t, runId, ct).ConfigureAwait(false);
                foreach (var param in parameters)
                {
                    var inserted = await c.ExecuteAsync(t, Sql["InsertParam"], ct, ("@run_uuid", runId), ("@key", param.Key), ("@value", param.Value)).ConfigureAwait(false);
                    if (inserted == 0)
                    {
                        var existing = (string?)await c.ScalarAsync(t, Sql["GetParam"], ct, ("@run_uuid", runId), ("@key", param.Key)).ConfigureAwait(false);
                        if (existing != param.Value)
                        {
                            throw CrucibleException.Invalid(
                                $"Changing param values is not allowed. Param with key='{param.Key}' was already logged with value='{existing}' for run ID='{runId}'. Attempted logging new value '{param.Value}'.");
                        }
                    }
                }

                if (batch.Metrics.Count > 0)
                {
                    // One command for every row: SQLite prepares the statement once per batch, not once per metric.
                    await using var insert = c.Command(
                        t, Sql["InsertMetric"], ("@run_uuid", runId), ("@key", null), ("@value", null), ("@is_nan", null), ("@timestamp", null), ("@step", null),
                        ("@model_id", null), ("@dataset_name", null), ("@dataset_digest", null));
                    foreach (var metric in batch.Metrics)
                    {
                        var (value, isNan) = TrackingRows.MetricValue(metric.Value);
                        Bind(insert, runId, metric.Key, value, isNan, metric.Timestamp, metric.Step, metric.ModelId, metric.DatasetName, metric.DatasetDigest);
                        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }

                    // The upsert keeps the greatest (step, timestamp, value) per key, so only each key's greatest
                    // value of this batch can change latest_metrics: one upsert per key instead of one per metric.
                    foreach (var metric in LatestPerKey(batch.Metrics))
                    {
                        var (value, isNan) = TrackingRows.MetricValue(metric.Value);
                        await c.ExecuteAsync(
                            t, Sql["UpsertLatestMetric"], ct,
                            ("@run_uuid", runId), ("@key", metric.Key), ("@value", value), ("@is_nan", isNan), ("@timestamp", metric.Timestamp), ("@step", metric.Step)).ConfigureAwait(false);
                    }
                }

                foreach (var tag in batch.Tags)
                {
                    await c.ExecuteAsync(t, Sql["UpsertTag"], ct, ("@run_uuid", runId), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
                    if (tag.Key == RunNameTag)
                    {
                        await c.ExecuteAsync(t, Sql["SetRunName"], ct, ("@run_uuid", runId), ("@name", tag.Value)).ConfigureAwait(false);
                    }
                }

                return batch.Count;
            },
            cancellationToken);
    }

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                await RequireActiveAsync(c, t, runId, ct).ConfigureAwait(false);
                var deleted = await c.ExecuteAsync(t, Sql["DeleteTag"], ct, ("@run_uuid", runId), ("@key", key)).ConfigureAwait(false);
                return deleted == 0 ? throw CrucibleException.NotFound($"No tag with name: {key} in run with id {runId}") : deleted;
            },
            cancellationToken);

    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var experimentId = await RequireActiveAsync(c, t, runId, ct).ConfigureAwait(false);
                foreach (var input in inputs)
                {
                    var d = input.Dataset;
                    await c.ExecuteAsync(
                        t, Sql["UpsertDataset"], ct,
                        ("@dataset_uuid", Guid.NewGuid().ToString("N")), ("@experiment_id", experimentId), ("@name", d.Name), ("@digest", d.Digest),
                        ("@source_type", d.SourceType), ("@source", d.Source), ("@schema", d.Schema), ("@profile", d.Profile)).ConfigureAwait(false);
                    var datasetId = (string)(await c.ScalarAsync(t, Sql["GetDatasetId"], ct, ("@experiment_id", experimentId), ("@name", d.Name), ("@digest", d.Digest)).ConfigureAwait(false))!;
                    await c.ExecuteAsync(t, Sql["InsertRunInput"], ct, ("@run_uuid", runId), ("@dataset_uuid", datasetId)).ConfigureAwait(false);
                    foreach (var tag in input.Tags)
                    {
                        await c.ExecuteAsync(t, Sql["UpsertRunInputTag"], ct, ("@run_uuid", runId), ("@dataset_uuid", datasetId), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
                    }
                }

                return inputs.Count;
            },
            cancellationToken);

    public Task<Page<Metric>> GetMetricHistoryAsync(string runId, string key, int maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        var offset = PageToken.DecodeOffset(pageToken);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                await RunLoader.LoadInfoAsync(c, t, Sql, runId, ct).ConfigureAwait(false);
                var rows = await c.QueryAsync(
                    t, Sql["GetMetricHistory"],
                    r => TrackingRows.Metric(r, 0) with { ModelId = r.NullableString(5), DatasetName = r.NullableString(6), DatasetDigest = r.NullableString(7) },
                    ct, ("@run_uuid", runId), ("@key", key), ("@limit", maxResults + 1), ("@offset", offset)).ConfigureAwait(false);
                return new Page<Metric>(rows.Take(maxResults).ToList(), PageToken.Next(offset, maxResults, rows.Count));
            },
            cancellationToken);
    }

    private static void Bind(System.Data.Common.DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    /// <summary>
    /// Per key, the metric UpsertLatestMetric would leave after applying the batch in order: the greatest step, then
    /// timestamp, then value with NaN below every number; on a full tie the earlier one stays (a NaN is replaced).
    /// </summary>
    private static IEnumerable<Metric> LatestPerKey(IReadOnlyList<Metric> metrics)
    {
        var latest = new Dictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            if (!latest.TryGetValue(metric.Key, out var current) || Replaces(metric, current))
            {
                latest[metric.Key] = metric;
            }
        }

        return latest.Values;
    }

    private static bool Replaces(Metric candidate, Metric current) =>
        candidate.Step != current.Step ? candidate.Step > current.Step
        : candidate.Timestamp != current.Timestamp ? candidate.Timestamp > current.Timestamp
        : double.IsNaN(current.Value) || (!double.IsNaN(candidate.Value) && candidate.Value > current.Value);

    /// <summary>One entry per key; the same key twice with different values in one batch is an error, as in MLflow.</summary>
    private static List<Param> DistinctParams(string runId, IReadOnlyList<Param> parameters)
    {
        var seen = new Dictionary<string, Param>(StringComparer.Ordinal);
        foreach (var param in parameters)
        {
            if (seen.TryGetValue(param.Key, out var earlier) && earlier.Value != param.Value)
            {
                throw CrucibleException.Invalid(
                    $"Duplicate parameter keys have been submitted: key '{param.Key}' with values '{earlier.Value}' and '{param.Value}' for run ID='{runId}'.");
            }

            seen[param.Key] = param;
        }

        return [.. seen.Values];
    }
}
