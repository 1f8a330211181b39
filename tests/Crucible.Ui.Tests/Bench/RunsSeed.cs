using System.Diagnostics;
using System.Globalization;
using Crucible.Core.Tracking;
using Crucible.Storage;

namespace Crucible.Ui.Tests.Bench;

/// <summary>
/// Fills one experiment with <see cref="Count"/> runs for the runs-page benchmark, the same data as the server's
/// 100,000-run search benchmark (bench/Crucible.Bench/SearchData.cs: <c>new Random(42)</c>, metrics m1..m5 uniform in
/// [0, 1), params p1..p5 in 'a'..'j', tags team and stage), written through the store API (create run + log batch)
/// with parallel writers; reused when the store already holds a complete seed.
/// </summary>
internal static class RunsSeed
{
    public const int Count = 100_000;
    public const string Experiment = "ui-bench-100k";

    public static async Task<string> EnsureAsync(string storeUri, Action<string> log)
    {
        var started = Stopwatch.GetTimestamp();
        await using var store = await MetadataStore.OpenAsync(storeUri, new MetadataStoreOptions { SqliteFullSync = false, Seed = 42 }, TimeProvider.System, CancellationToken.None);
        if (await store.Experiments.FindExperimentByNameAsync(Experiment, CancellationToken.None) is { } existing)
        {
            return existing.Tags.Any(t => t.Key == "bench.seeded")
                ? existing.ExperimentId
                : throw new InvalidOperationException($"{Experiment} in {storeUri} is a partial seed; delete the store and run again.");
        }

        var id = await store.Experiments.CreateExperimentAsync(Experiment, null, [], CancellationToken.None);
        var random = new Random(42);
        var rows = Enumerable.Range(0, Count).Select(i => (
            Start: 1_767_225_600_000L + (i * 10_000L),
            Metrics: Enumerable.Range(0, 5).Select(_ => random.NextDouble()).ToArray(),
            Params: Enumerable.Range(0, 5).Select(_ => ((char)('a' + random.Next(10))).ToString()).ToArray(),
            Team: "v" + random.Next(100).ToString(CultureInfo.InvariantCulture))).ToArray();
        var next = -1;
        async Task WriteAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < Count; i = Interlocked.Increment(ref next))
            {
                var r = rows[i];
                var run = await store.Runs.CreateRunAsync(new CreateRunRequest(id, "bench", "run-" + i.ToString(CultureInfo.InvariantCulture), r.Start, []), CancellationToken.None);
                await store.Runs.LogBatchAsync(run.Info.RunId, new LogBatch(
                    [.. r.Metrics.Select((v, k) => new Metric("m" + (k + 1).ToString(CultureInfo.InvariantCulture), v, r.Start, 0))],
                    [.. r.Params.Select((v, k) => new Param("p" + (k + 1).ToString(CultureInfo.InvariantCulture), v))],
                    [new Tag("team", r.Team), new Tag("stage", i % 2 == 0 ? "train" : "eval")]), CancellationToken.None);
                if (i % 10_000 == 0 && i > 0)
                {
                    log($"seeded {i:N0} runs ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(WriteAsync)));
        await store.Experiments.SetExperimentTagAsync(id, new Tag("bench.seeded", Count.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
        log($"seeded {Count:N0} runs in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
        return id;
    }
}
