using Crucible.Core.Tracking;

namespace Crucible.Core.Tests.Tracking;

/// <summary>The sampling rule of <c>get-history-bulk-interval</c>, checked against values worked out by hand from its definition.</summary>
public sealed class MetricSamplingTests
{
    [Fact]
    public void Few_steps_come_back_whole()
    {
        Assert.Equal([0L, 2, 5], MetricSampling.Steps([[5, 0, 2, 2]], null, null, 10));
    }

    [Fact]
    public void Many_steps_are_evenly_spaced_with_the_last_and_each_runs_edges()
    {
        // Steps 0..99, max 4: interval 100/4 = 25 -> indices 0, 25, 50, 75, plus the last (99).
        long[] hundred = [.. Enumerable.Range(0, 100).Select(i => (long)i)];
        Assert.Equal([0L, 25, 50, 75, 99], MetricSampling.Steps([hundred], null, null, 4));

        // A second run logged only steps 10..13: its first and last step are kept too.
        Assert.Equal([0L, 10, 13, 25, 50, 75, 99], MetricSampling.Steps([hundred, [10, 11, 12, 13]], null, null, 4));

        // Steps 0, 3, 6, ..., 297 (100 steps), range [30, 60]: 11 steps (30..60 by 3), max 4: interval 2.75 ->
        // positions 0, 2, 5, 8 of that range (30, 36, 45, 54), plus its last (60); run edges 0 and 297 are out of range.
        long[] sparse = [.. Enumerable.Range(0, 100).Select(i => 3L * i)];
        Assert.Equal([30L, 36, 45, 54, 60], MetricSampling.Steps([sparse], 30, 60, 4));
    }

    [Fact]
    public void An_empty_history_samples_nothing()
    {
        Assert.Empty(MetricSampling.Steps([[]], null, null, 5));
        Assert.Empty(MetricSampling.Steps([[1, 2]], 5, 9, 5));
    }
}
