using Crucible.Serving.Routing;

namespace Crucible.Serving.Tests.Routing;

public sealed class WeightedRouterTests
{
    [Fact]
    public void Picks_follow_the_weights_within_three_standard_errors()
    {
        const int picks = 10_000;
        const double p = 0.9;
        var router = new WeightedRouter([90, 10], seed: 12345);

        var first = Enumerable.Range(0, picks).Count(_ => router.Pick() == 0);

        var share = first / (double)picks;
        var standardError = Math.Sqrt(p * (1 - p) / picks);
        Assert.InRange(share, p - (3 * standardError), p + (3 * standardError));
    }

    [Fact]
    public void A_route_of_weight_zero_is_never_picked()
    {
        var router = new WeightedRouter([0, 5, 0, 5, 0], seed: 1);

        var picked = Enumerable.Range(0, 10_000).Select(_ => router.Pick()).ToHashSet();

        Assert.Equal([1, 3], picked.Order());
    }

    [Fact]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_another()
    {
        int[] Draw(ulong seed)
        {
            var router = new WeightedRouter([1, 2, 3, 4], seed);
            return Enumerable.Range(0, 1000).Select(_ => router.Pick()).ToArray();
        }

        Assert.Equal(Draw(42), Draw(42));
        Assert.NotEqual(Draw(42), Draw(43));
    }

    [Fact]
    public void A_single_positive_route_is_always_picked()
    {
        var router = new WeightedRouter([0, 7], seed: 9);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(1, router.Pick()));
    }

    [Fact]
    public void Weights_that_are_all_zero_or_negative_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new WeightedRouter([0, 0], seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightedRouter([1, -1], seed: 1));
    }

    [Fact]
    public async Task Concurrent_picks_from_many_threads_stay_within_range_and_keep_the_shares()
    {
        var router = new WeightedRouter([1, 1, 2], seed: 3);
        var counts = new int[3];

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                Interlocked.Increment(ref counts[router.Pick()]);
            }
        })));

        Assert.Equal(40_000, counts.Sum());
        var standardError = Math.Sqrt(0.5 * 0.5 / 40_000);
        Assert.InRange(counts[2] / 40_000.0, 0.5 - (3 * standardError), 0.5 + (3 * standardError));
    }
}
