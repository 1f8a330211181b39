using System.Globalization;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Storage;

namespace Crucible.Bench;

/// <summary>
/// The registry search data set, generated from <c>new Random(42)</c>: registered models <c>model-00000</c>..
/// each with a tag <c>team</c> in <c>team-0</c>..<c>team-9</c> and <see cref="VersionsPerModel"/> versions whose
/// source is an <c>mlflow-artifacts:/0/&lt;run&gt;/artifacts/model</c> path (not read by the store).
/// </summary>
internal sealed class RegistryData
{
    public const int VersionsPerModel = 10;
    private const string SeededMarker = "bench-registry-seeded";

    private RegistryData(int count)
    {
        var random = new Random(42);
        Names = new string[count];
        Teams = new string[count];
        Sources = new string[count][];
        for (var i = 0; i < count; i++)
        {
            Names[i] = "model-" + i.ToString("D5", CultureInfo.InvariantCulture);
            Teams[i] = "team-" + random.Next(10).ToString(CultureInfo.InvariantCulture);
            Sources[i] = [.. Enumerable.Range(0, VersionsPerModel).Select(_ => $"mlflow-artifacts:/0/{RunId(random)}/artifacts/model")];
        }
    }

    public string[] Names { get; }

    public string[] Teams { get; }

    /// <summary>[model][k] is the source of version k + 1.</summary>
    public string[][] Sources { get; }

    public int Count => Names.Length;

    public static RegistryData Generate(int count) => new(count);

    /// <summary>
    /// Seeds the data set into <paramref name="storeUri"/> through the store API with 64 writers in flight, or
    /// reuses it when a complete seed of the same size is already there (a marker model is registered last).
    /// </summary>
    public async Task<(bool Reused, double Seconds)> SeedAsync(string storeUri, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var marker = SeededMarker + "-" + Count.ToString(CultureInfo.InvariantCulture);
        // Seeding is set-up, not measured: it may skip the per-commit fsync (process-crash safe only).
        await using var store = await MetadataStore.OpenAsync(storeUri, new MetadataStoreOptions { SqliteFullSync = false, Seed = 42 }, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var registry = store.Registry;
        if ((await registry.SearchRegisteredModelsAsync(new RegistrySearchQuery($"name = '{marker}'", 1, [], null), cancellationToken).ConfigureAwait(false)).Items.Count > 0)
        {
            return (true, 0);
        }

        if ((await registry.SearchRegisteredModelsAsync(new RegistrySearchQuery($"name = '{Names[0]}'", 1, [], null), cancellationToken).ConfigureAwait(false)).Items.Count > 0)
        {
            throw new InvalidOperationException($"{storeUri} holds a partial registry seed; use a fresh store.");
        }

        var next = -1;
        async Task WorkerAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < Count; i = Interlocked.Increment(ref next))
            {
                await registry.CreateRegisteredModelAsync(Names[i], [new Tag("team", Teams[i])], null, cancellationToken).ConfigureAwait(false);
                foreach (var source in Sources[i])
                {
                    await registry.CreateModelVersionAsync(new CreateModelVersionRequest(Names[i], source, null, [], null, null, null), cancellationToken).ConfigureAwait(false);
                }

                if (i % 1_000 == 0 && i > 0)
                {
                    Console.Error.WriteLine($"  seeded {i:N0} models ({Samples.Since(started) / 1000:0} s)");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(WorkerAsync, cancellationToken))).ConfigureAwait(false);
        await registry.CreateRegisteredModelAsync(marker, [], null, cancellationToken).ConfigureAwait(false);
        return (false, Samples.Since(started) / 1000);
    }

    /// <summary>Names of the models matching <c>name LIKE '<paramref name="prefix"/>%' AND tags.team = '<paramref name="team"/>'</c>, in name order.</summary>
    public IEnumerable<string> Matches(string prefix, string team) =>
        Enumerable.Range(0, Count).Where(i => Names[i].StartsWith(prefix, StringComparison.Ordinal) && Teams[i] == team).Select(i => Names[i]).Order(StringComparer.Ordinal);

    private static string RunId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
