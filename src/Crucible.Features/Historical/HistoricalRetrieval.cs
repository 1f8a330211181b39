using System.Diagnostics;
using Crucible.Core.Errors;
using Crucible.DataQuality.Redaction;
using Crucible.Features.Definitions;
using Crucible.Tabular;

namespace Crucible.Features.Historical;

/// <summary>How a retrieval joins: in memory (every requested view's rows held), out of core (hash-partitioned spill files), or chosen by size.</summary>
public enum JoinMode
{
    Auto,
    InMemory,
    OutOfCore,
}

/// <summary>What to retrieve: the definitions, the entity frame (keys + timestamps), the features, and the output CSV.</summary>
public sealed record HistoricalRequest(FeatureRepo Repo, string RepoDirectory, string EntitiesPath, IReadOnlyList<FeatureRef> Features, string OutputPath)
{
    /// <summary>The entity frame's timestamp column.</summary>
    public string TimestampColumn { get; init; } = "event_timestamp";

    public JoinMode Mode { get; init; } = JoinMode.Auto;

    /// <summary>Above this many bytes of source files, <see cref="JoinMode.Auto"/> goes out of core.</summary>
    public long MemoryBudgetBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Partitions for the out-of-core join (default: from the source sizes and the budget).</summary>
    public int? Partitions { get; init; }

    /// <summary>Where spill files go (default: the system temp folder).</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Resolves non-path sources (a registered dataset) to a local file; null: path sources only.</summary>
    public Func<SourceDefinition, string>? ResolveSource { get; init; }
}

/// <summary>What a retrieval wrote.</summary>
public sealed record HistoricalResult(long Rows, IReadOnlyList<string> Columns, JoinMode Mode, int Partitions, TimeSpan Elapsed, string Rule);

/// <summary>
/// Point-in-time historical retrieval (Feast's <c>get_historical_features</c>): for each entity row, each requested
/// feature's latest value at or before the row's timestamp and within its view's TTL, the created timestamp breaking
/// ties; missing values are empty. The output is a CSV of the entity frame's columns followed by the features, in
/// entity-row order, written to a temporary file and moved into place only when complete.
/// </summary>
public static class HistoricalRetrieval
{
    public const string Rule = "point-in-time: per entity row, the feature row with the same join keys and the latest event timestamp at or before the row's timestamp, no older than the view's ttl (0: no limit); a tie goes to the later created timestamp, then the row read last; no such row: empty";

    public static HistoricalResult Run(HistoricalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        IReadOnlyList<string> entityColumns;
        using (var probe = OpenEntities(request.EntitiesPath))
        {
            entityColumns = probe.Columns;
            ViewPlan.Column(probe, request.TimestampColumn);
        }

        var plans = ViewPlan.Build(request.Repo, request.RepoDirectory, request.Features, [.. entityColumns], request.ResolveSource);
        var sourceBytes = plans.Sum(p => SizeOf(p.SourcePath));
        var mode = request.Mode != JoinMode.Auto ? request.Mode : sourceBytes > request.MemoryBudgetBytes ? JoinMode.OutOfCore : JoinMode.InMemory;
        var partitions = mode == JoinMode.InMemory ? 1 : request.Partitions ?? (int)Math.Clamp((sourceBytes * 4 / Math.Max(1, request.MemoryBudgetBytes)) + 1, 2, 4096);
        var columns = entityColumns.Concat(plans.SelectMany(p => p.OutputColumns)).ToList();
        var temporary = request.OutputPath + ".partial";
        long rows;
        try
        {
            rows = mode == JoinMode.InMemory
                ? InMemory(request, plans, columns, temporary)
                : OutOfCore.Run(request, plans, columns, temporary, partitions);
            File.Move(temporary, request.OutputPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return new HistoricalResult(rows, columns, mode, partitions, watch.Elapsed, Rule);
    }

    internal static ITabularRows OpenEntities(string path) => Directory.Exists(path)
        ? TabularFolder.Open(Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).Select(f => new FolderFile(Path.GetFileName(f), f)))
        : TabularReader.Open(path);

    /// <summary>Streams the entity frame: each row with its per-view keys and its timestamp.</summary>
    internal static IEnumerable<(string?[] Row, string?[] Keys, long At)> Entities(string path, string timestampColumn, IReadOnlyList<ViewPlan> plans)
    {
        using var rows = OpenEntities(path);
        var ts = ViewPlan.Column(rows, timestampColumn);
        var keyColumns = plans.Select(p => p.JoinKeys.Select(k => ViewPlan.Column(rows, k)).ToArray()).ToArray();
        while (rows.TryReadRow(out var row))
        {
            if (!FeatureTimestamps.TryParse(row[ts], out var at))
            {
                throw CrucibleException.Invalid($"Entity frame, {rows.Position}: '{timestampColumn}' must be an ISO 8601 timestamp or whole seconds since 1970, not '{row[ts]}'.");
            }

            var keys = new string?[plans.Count];
            for (var v = 0; v < plans.Count; v++)
            {
                keys[v] = ViewPlan.Key(row, keyColumns[v]);
            }

            yield return (row, keys, at);
        }
    }

    internal static CsvWriter Output(string path, IEnumerable<string> columns, out StreamWriter stream)
    {
        stream = new StreamWriter(path, false, CsvWriter.Utf8, 1 << 16);
        var writer = new CsvWriter(stream);
        writer.WriteRow(columns);
        return writer;
    }

    private static long InMemory(HistoricalRequest request, IReadOnlyList<ViewPlan> plans, IReadOnlyList<string> columns, string output)
    {
        var indexes = plans.Select(p =>
        {
            var index = new FeatureIndex(p.TtlTicks);
            foreach (var record in p.Read())
            {
                index.Add(record);
            }

            index.Seal();
            return index;
        }).ToList();
        var writer = Output(output, columns, out var stream);
        using (stream)
        {
            long rows = 0;
            var cells = new string?[columns.Count];
            foreach (var (row, keys, at) in Entities(request.EntitiesPath, request.TimestampColumn, plans))
            {
                row.CopyTo(cells, 0);
                var offset = row.Length;
                for (var v = 0; v < plans.Count; v++)
                {
                    var values = indexes[v].Lookup(keys[v], at);
                    for (var f = 0; f < plans[v].Features.Count; f++)
                    {
                        cells[offset++] = values?[f];
                    }
                }

                writer.WriteRow(cells);
                rows++;
            }

            return rows;
        }
    }

    private static long SizeOf(string path) => Directory.Exists(path)
        ? Directory.EnumerateFiles(path).Sum(f => new FileInfo(f).Length)
        : File.Exists(path) ? new FileInfo(path).Length : 0;
}
