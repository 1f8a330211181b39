using System.Diagnostics;
using Crucible.Features.Definitions;
using Crucible.Features.Historical;

namespace Crucible.Features.Online;

/// <summary>What one materialization of a view did.</summary>
public sealed record MaterializationResult(string View, long RowsRead, long RowsNew, int KeysWritten, long? Cursor, TimeSpan Elapsed);

/// <summary>
/// Materializes the latest value per entity key of feature views into an <see cref="OnlineStore"/>, incrementally:
/// only source rows past the view's watermark (their created time, else their event time) are taken, reduced to the
/// latest row per key by the point-in-time order (event, created, read order), and upserted; the store keeps a stored
/// row that is newer. The new watermark is written in the same transaction as the values.
/// </summary>
public static class Materializer
{
    public static async Task<MaterializationResult> RunAsync(FeatureRepo repo, string repoDirectory, string view, OnlineStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(store);
        var watch = Stopwatch.StartNew();
        var definition = repo.View(view);
        var features = definition.Features.Select(f => new FeatureRef(view, f.Name)).ToList();
        var plan = ViewPlan.Build(repo, repoDirectory, features, [])[0];
        var watermark = await store.WatermarkAsync(view, cancellationToken).ConfigureAwait(false);
        var latest = new Dictionary<string, FeatureRecord>(StringComparer.Ordinal);
        long read = 0, fresh = 0;
        long? cursor = watermark;
        foreach (var record in plan.Read())
        {
            read++;
            var position = plan.Source.CreatedColumn is null ? record.EventTicks : record.CreatedTicks;
            if (watermark is { } w && position <= w)
            {
                continue;
            }

            fresh++;
            cursor = cursor is { } c ? Math.Max(c, position) : position;
            if (!latest.TryGetValue(record.Key, out var held) || Newer(record, held))
            {
                latest[record.Key] = record;
            }
        }

        var rows = latest.Values.Select(r => new OnlineRow(r.Key, r.EventTicks, r.CreatedTicks, plan.Features.Select((f, i) => (f, r.Values[i])).ToDictionary(x => x.f, x => x.Item2, StringComparer.Ordinal)));
        var written = await store.WriteAsync(view, rows, cursor, cancellationToken).ConfigureAwait(false);
        return new MaterializationResult(view, read, fresh, written, cursor, watch.Elapsed);
    }

    private static bool Newer(FeatureRecord a, FeatureRecord b) =>
        a.EventTicks != b.EventTicks ? a.EventTicks > b.EventTicks : a.CreatedTicks != b.CreatedTicks ? a.CreatedTicks > b.CreatedTicks : a.Sequence > b.Sequence;
}
