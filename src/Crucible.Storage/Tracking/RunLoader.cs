using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

/// <summary>Loads whole runs (info, latest metrics, params, tags, dataset inputs) with one query per table for any number of runs.</summary>
internal static class RunLoader
{
    public static async Task<RunInfo> LoadInfoAsync(DbConnection c, DbTransaction? t, SqlStatements sql, string runId, CancellationToken ct)
    {
        var rows = await c.QueryAsync(t, sql["GetRunInfo"], TrackingRows.RunInfo, ct, ("@run_uuid", runId)).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : throw CrucibleException.NotFound($"Run with id={runId} not found");
    }

    public static async Task<Run> LoadAsync(DbConnection c, DbTransaction? t, SqlStatements sql, string runId, CancellationToken ct)
    {
        await LoadInfoAsync(c, t, sql, runId, ct).ConfigureAwait(false);
        return (await LoadManyAsync(c, t, sql, [runId], ct).ConfigureAwait(false))[0];
    }

    /// <summary>Loads the given runs in the given order; ids that do not exist are skipped.</summary>
    public static async Task<List<Run>> LoadManyAsync(DbConnection c, DbTransaction? t, SqlStatements sql, IReadOnlyList<string> runIds, CancellationToken ct)
    {
        if (runIds.Count == 0)
        {
            return [];
        }

        var ids = string.Join(", ", runIds.Select((_, i) => "@r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var parameters = runIds.Select((id, i) => ("@r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)id)).ToArray();

        var infos = (await c.QueryAsync(t, $"SELECT run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage FROM runs WHERE run_uuid IN ({ids})", TrackingRows.RunInfo, ct, parameters).ConfigureAwait(false))
            .ToDictionary(i => i.RunId);
        var metrics = await GroupAsync(c, t, $"SELECT run_uuid, key, value, is_nan, timestamp, step FROM latest_metrics WHERE run_uuid IN ({ids}) ORDER BY run_uuid, key", r => TrackingRows.Metric(r, 1), parameters, ct).ConfigureAwait(false);
        var parms = await GroupAsync(c, t, $"SELECT run_uuid, key, value FROM params WHERE run_uuid IN ({ids}) ORDER BY run_uuid, key", r => new Param(r.GetString(1), r.GetString(2)), parameters, ct).ConfigureAwait(false);
        var tags = await GroupAsync(c, t, $"SELECT run_uuid, key, value FROM tags WHERE run_uuid IN ({ids}) ORDER BY run_uuid, key", r => new Tag(r.GetString(1), r.GetString(2)), parameters, ct).ConfigureAwait(false);
        var inputs = await LoadInputsAsync(c, t, ids, parameters, ct).ConfigureAwait(false);

        var runs = new List<Run>(runIds.Count);
        foreach (var id in runIds)
        {
            if (infos.TryGetValue(id, out var info))
            {
                runs.Add(new Run(
                    info,
                    new RunData(metrics.GetValueOrDefault(id) ?? [], parms.GetValueOrDefault(id) ?? [], tags.GetValueOrDefault(id) ?? []),
                    new RunInputs(inputs.GetValueOrDefault(id) ?? [])));
            }
        }

        return runs;
    }

    private static async Task<Dictionary<string, List<T>>> GroupAsync<T>(DbConnection c, DbTransaction? t, string sql, Func<DbDataReader, T> map, (string, object?)[] parameters, CancellationToken ct)
    {
        var rows = await c.QueryAsync(t, sql, r => (Run: r.GetString(0), Item: map(r)), ct, parameters).ConfigureAwait(false);
        return rows.GroupBy(r => r.Run).ToDictionary(g => g.Key, g => g.Select(r => r.Item).ToList());
    }

    private static async Task<Dictionary<string, List<DatasetInput>>> LoadInputsAsync(DbConnection c, DbTransaction? t, string ids, (string, object?)[] parameters, CancellationToken ct)
    {
        var datasets = await c.QueryAsync(
            t,
            $"SELECT ri.run_uuid, d.dataset_uuid, d.name, d.digest, d.source_type, d.source, d.schema, d.profile FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid WHERE ri.run_uuid IN ({ids}) ORDER BY ri.run_uuid, d.name",
            r => (Run: r.GetString(0), Id: r.GetString(1), Dataset: new Dataset(r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.NullableString(6), r.NullableString(7))),
            ct,
            parameters).ConfigureAwait(false);
        if (datasets.Count == 0)
        {
            return [];
        }

        var tags = (await c.QueryAsync(
                t,
                $"SELECT run_uuid, dataset_uuid, key, value FROM run_input_tags WHERE run_uuid IN ({ids}) ORDER BY key",
                r => (Run: r.GetString(0), Id: r.GetString(1), Tag: new Tag(r.GetString(2), r.GetString(3))),
                ct,
                parameters).ConfigureAwait(false))
            .ToLookup(x => (x.Run, x.Id), x => x.Tag);
        return datasets.GroupBy(d => d.Run).ToDictionary(
            g => g.Key,
            g => g.Select(d => new DatasetInput(d.Dataset, tags[(d.Run, d.Id)].ToList())).ToList());
    }
}
