using System.Globalization;
using Crucible.Core.Tracking;
using Crucible.Storage;

namespace Crucible.Bench;

/// <summary>
/// The search data set, generated from <c>new Random(42)</c>: run i starts at a fixed base + 10 s·i and has metrics
/// m1..m5 uniform in [0, 1), params p1..p5 drawn from 'a'..'j', and 2 tags (as in MLflow's measured data set).
/// A filter <c>metrics.m1 &gt; 0.5 and params.p1 = 'a'</c> matches about 5% of the runs.
/// </summary>
internal sealed class SearchData
{
    public const long BaseStartTime = 1_767_225_600_000; // 2026-01-01T00:00:00Z, fixed so runs are identical everywhere.
    public const int Metrics = 5;
    public const int Params = 5;

    private SearchData(int count)
    {
        var random = new Random(42);
        StartTimes = new long[count];
        MetricValues = new double[count][];
        ParamValues = new string[count][];
        TagValues = new string[count];
        for (var i = 0; i < count; i++)
        {
            StartTimes[i] = BaseStartTime + (i * 10_000L);
            MetricValues[i] = [.. Enumerable.Range(0, Metrics).Select(_ => random.NextDouble())];
            ParamValues[i] = [.. Enumerable.Range(0, Params).Select(_ => ((char)('a' + random.Next(10))).ToString())];
            TagValues[i] = "v" + random.Next(100).ToString(CultureInfo.InvariantCulture);
        }
    }

    public long[] StartTimes { get; }

    /// <summary>[run][k] is metric m(k+1).</summary>
    public double[][] MetricValues { get; }

    /// <summary>[run][k] is param p(k+1).</summary>
    public string[][] ParamValues { get; }

    public string[] TagValues { get; }

    public int Count => StartTimes.Length;

    public static SearchData Generate(int count) => new(count);

    public LogBatch Batch(int i) => new(
        [.. Enumerable.Range(0, Metrics).Select(k => new Metric("m" + (k + 1).ToString(CultureInfo.InvariantCulture), MetricValues[i][k], StartTimes[i], 0))],
        [.. Enumerable.Range(0, Params).Select(k => new Param("p" + (k + 1).ToString(CultureInfo.InvariantCulture), ParamValues[i][k]))],
        [new Tag("team", TagValues[i]), new Tag("stage", i % 2 == 0 ? "train" : "eval")]);

    /// <summary>
    /// Seeds the data set into <paramref name="storeUri"/> through the public store API with 64 writers in flight,
    /// or reuses it when a complete seed of the same size is already there. Returns the experiment id.
    /// </summary>
    public async Task<(string ExperimentId, bool Reused, double Seconds)> SeedAsync(string storeUri, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var name = "bench-search-" + Count.ToString(CultureInfo.InvariantCulture);
        // Seeding is set-up, not measured: it may skip the per-commit fsync (process-crash safe only).
        await using var store = await MetadataStore.OpenAsync(storeUri, new MetadataStoreOptions { SqliteFullSync = false, Seed = 42 }, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        if (await store.Experiments.FindExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (existing.Tags.Any(t => t.Key == "bench.seeded"))
            {
                return (existing.ExperimentId, true, 0);
            }

            throw new InvalidOperationException($"Experiment {name} in {storeUri} is a partial seed; use a fresh store.");
        }

        var experimentId = await store.Experiments.CreateExperimentAsync(name, null, [], cancellationToken).ConfigureAwait(false);
        var next = -1;
        async Task WorkerAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < Count; i = Interlocked.Increment(ref next))
            {
                var run = await store.Runs.CreateRunAsync(
                    new CreateRunRequest(experimentId, "bench", "run-" + i.ToString(CultureInfo.InvariantCulture), StartTimes[i], []), cancellationToken).ConfigureAwait(false);
                await store.Runs.LogBatchAsync(run.Info.RunId, Batch(i), cancellationToken).ConfigureAwait(false);
                if (i % 10_000 == 0 && i > 0)
                {
                    Console.Error.WriteLine($"  seeded {i:N0} runs ({Samples.Since(started) / 1000:0} s)");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(WorkerAsync, cancellationToken))).ConfigureAwait(false);
        await store.Experiments.SetExperimentTagAsync(experimentId, new Tag("bench.seeded", Count.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
        return (experimentId, false, Samples.Since(started) / 1000);
    }

    /// <summary>Indices of the runs matching <c>m1 &gt; 0.5 and p1 = 'a'</c>.</summary>
    public IEnumerable<int> Matches() => Enumerable.Range(0, Count).Where(i => MetricValues[i][0] > 0.5 && ParamValues[i][0] == "a");
}
