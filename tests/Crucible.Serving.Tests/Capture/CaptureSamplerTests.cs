using Crucible.Serving.Capture;

namespace Crucible.Serving.Tests.Capture;

public sealed class CaptureSamplerTests
{
    [Theory]
    [InlineData(1.0, 1000, 1000)]
    [InlineData(0.25, 1000, 250)]
    [InlineData(0.1, 1000, 100)]
    [InlineData(1.0 / 3, 999, 333)]
    public void The_share_taken_is_exact_over_any_count(double rate, int requests, int expected)
    {
        var sampler = new CaptureSampler(rate);

        var taken = Enumerable.Range(0, requests).Count(_ => sampler.Take());

        Assert.Equal(expected, taken);
    }

    [Fact]
    public void Taken_requests_are_spread_evenly_not_bunched()
    {
        var sampler = new CaptureSampler(0.25);

        var pattern = Enumerable.Range(0, 12).Select(_ => sampler.Take() ? 'x' : '.').ToArray();

        Assert.Equal("...x...x...x", new string(pattern));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Rates_outside_zero_to_one_are_refused(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CaptureSampler(rate));

    [Fact]
    public async Task Concurrent_callers_share_one_exact_count()
    {
        var sampler = new CaptureSampler(0.5);
        var taken = 0;

        await Parallel.ForAsync(0, 10_000, (_, _) =>
        {
            if (sampler.Take())
            {
                Interlocked.Increment(ref taken);
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(5_000, taken);
    }
}
