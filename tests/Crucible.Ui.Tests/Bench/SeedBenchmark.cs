using Xunit.Abstractions;

namespace Crucible.Ui.Tests.Bench;

/// <summary>Seeds the benchmark store ahead of the measurement (it takes minutes once; the measurement reuses it).</summary>
public sealed class SeedBenchmark(ITestOutputHelper output)
{
    /// <summary>Where the seeded store lives: <c>CRUCIBLE_UI_BENCH_STORE</c> or /tmp/crucible-ui-bench/runs-100k.db.</summary>
    public static string StoreUri
    {
        get
        {
            var file = Environment.GetEnvironmentVariable("CRUCIBLE_UI_BENCH_STORE") ?? "/tmp/crucible-ui-bench/runs-100k.db";
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            return "sqlite:///" + file;
        }
    }

    [BenchmarkFact]
    public async Task Seed_100k_runs()
    {
        var id = await RunsSeed.EnsureAsync(StoreUri, output.WriteLine);
        Assert.False(string.IsNullOrEmpty(id));
    }
}
