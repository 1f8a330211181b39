using Crucible.Core.Errors;
using Crucible.Optimization.Profiling;

namespace Crucible.Optimization.Tests;

public sealed class CostModelTests
{
    private const string Machines = """
        - name: edge
          cores: 4
          memory_gb: 1
          price_per_hour: 0.01
          relative_speed: 0.5
        - name: cloud
          cores: 2
          memory_gb: 8
          price_per_hour: 0.10
        """;

    private static readonly ModelProfile Parent = new("fp32", 9600, 5, 100L << 20, ModelProfiler.CpuProvider, [ModelProfiler.CpuProvider],
        [new ProfileCell(64, 1, 100, 1.0, 2.0, 64_000), new ProfileCell(64, 2, 100, 0.6, 1.5, 100_000)]);

    private static readonly ModelProfile Int8 = new("int8", 3500, 4, 50L << 20, ModelProfiler.CpuProvider, [ModelProfiler.CpuProvider],
        [new ProfileCell(64, 1, 100, 0.5, 1.0, 128_000), new ProfileCell(64, 2, 100, 0.4, 0.9, 160_000)]);

    [Fact]
    public void Replicas_throughput_and_cost_follow_cores_memory_speed_and_price()
    {
        var machines = MachineProfile.Parse(Machines);

        var options = CostModel.Cost([Parent], machines);

        // edge: 4 cores / 1 thread = 4 replicas, but 1 GiB holds 10 peaks of 100 MiB: 4; speed 0.5.
        var edge = Assert.Single(options, o => o.Machine == "edge" && o.Threads == 1);
        Assert.Equal(4, edge.Replicas);
        Assert.Equal(4 * 64_000 * 0.5, edge.RowsPerSecond, 6);
        Assert.Equal(4.0, edge.P99Milliseconds, 9);
        Assert.Equal(0.01 / (edge.RowsPerSecond * 3600 / 1e6), edge.CostPerMillion, 12);
        var cloud = Assert.Single(options, o => o.Machine == "cloud" && o.Threads == 2);
        Assert.Equal(1, cloud.Replicas);
    }

    [Fact]
    public void Recommendation_is_the_cheapest_option_within_latency_and_accuracy_budgets()
    {
        var machines = MachineProfile.Parse(Machines);
        var options = CostModel.Cost([Parent, Int8], machines, new Dictionary<string, double> { ["int8"] = 0.97 });

        var strict = CostModel.Recommend(options, machines, new Budget(MaxP99Milliseconds: 1.6, MinAccuracy: 0.99));
        var loose = CostModel.Recommend(options, machines, new Budget(MaxP99Milliseconds: null, MinAccuracy: 0.95));

        Assert.Null(strict.Single(r => r.Machine.Name == "edge").Choice);
        Assert.Equal(("fp32", 2), strict.Single(r => r.Machine.Name == "cloud").Choice is { } c ? (c.Variant, c.Threads) : default);
        Assert.Equal("int8", loose.Single(r => r.Machine.Name == "cloud").Choice!.Variant);
    }

    [Theory]
    [InlineData("- name: x\n  cores: 0\n  memory_gb: 1\n  price_per_hour: 1", "cores > 0")]
    [InlineData("[]", "expected a list of machines")]
    [InlineData("- name: [", "machine profiles:")]
    public void Bad_machine_profiles_are_refused_with_the_reason(string text, string mention)
    {
        var error = Assert.Throws<CrucibleException>(() => MachineProfile.Parse(text));

        Assert.Contains(mention, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profiler_measures_every_cell_of_the_grid_and_lists_the_cpu_provider()
    {
        var profile = ModelProfiler.Profile("mlp", Models.Fixture("mlp"), new ProfileSettings { BatchSizes = [1, 64], IntraOpThreads = [1], Runs = 20, WarmupRuns = 2, MaxSecondsPerCell = 0.5 });

        Assert.Equal([1, 64], profile.Cells.Select(c => c.BatchSize));
        Assert.All(profile.Cells, c => Assert.True(c.P50Milliseconds > 0 && c.P99Milliseconds >= c.P50Milliseconds && c.RowsPerSecond > 0));
        Assert.Contains(ModelProfiler.CpuProvider, profile.AvailableProviders);
        Assert.Equal(9631, profile.SizeBytes);
        Assert.True(profile.LoadMilliseconds > 0);
    }
}
