using Crucible.Stats.Profiles;
using Crucible.Stats.Tests.Profiles;
using Crucible.Monitoring.Windows;
using Crucible.TestSupport;

namespace Crucible.Monitoring.Tests.Windows;

public sealed class WindowShiftTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Windows_after_a_half_way_shift_drift_and_windows_before_do_not()
    {
        var rng = new Random(42);
        var clock = new ManualTimeProvider(Start);
        var store = ProfileStore.InMemory();
        var replicas = new[] { "r0", "r1" }.Select(r => new WindowedProfiler("fraud", "3", r, clock)).ToArray();
        DatasetProfile reference = ProfileData.Random(rng, 5_000);

        for (int minute = 0; minute < 8 * 60; minute++)
        {
            double shift = minute >= 4 * 60 ? 1.5 : 0.0;
            foreach (WindowedProfiler replica in replicas)
            {
                for (int i = 0; i < 10; i++)
                {
                    replica.AddRow(Row(rng, shift));
                }
            }

            clock.Advance(TimeSpan.FromMinutes(1));
            if (minute % 15 == 14)
            {
                foreach (WindowedProfiler replica in replicas)
                {
                    await replica.FlushClosedAsync(store);
                }
            }
        }

        IReadOnlyList<WindowDriftResult> results = await WindowDrift.ComputeAsync(store, "fraud", "3", reference);

        Assert.Equal(Enumerable.Range(0, 8).Select(h => Start.AddHours(h)), results.Select(r => r.Window.WindowStart));
        Assert.All(results, r => Assert.Equal(1_200, r.Report!.CurrentRows));
        Assert.Equal([false, false, false, false, true, true, true, true], results.Select(r => r.Report!.DatasetDrift));
        Assert.All(results.Take(4), r => Assert.Equal(0, r.Report!.DriftedColumns));
    }

    [Fact]
    public async Task Partials_of_replicas_merge_on_read_and_corrupt_ones_are_reported_and_skipped()
    {
        var rng = new Random(42);
        var clock = new ManualTimeProvider(Start.AddMinutes(5));
        var store = ProfileStore.InMemory();
        var a = new WindowedProfiler("d", "1", "a", clock);
        var b = new WindowedProfiler("d", "1", "b", clock);
        a.AddRow(Row(rng, 0));
        b.AddRow(Row(rng, 0));
        b.AddRow(Start.AddMinutes(-1), Row(rng, 0));

        Assert.Equal(0, await a.FlushClosedAsync(store));
        Assert.Equal(1, await b.FlushClosedAsync(store));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await a.FlushClosedAsync(store));
        Assert.Equal(1, await b.FlushAllAsync(store));
        b.AddRow(Row(rng, 0));
        await b.FlushAllAsync(store);
        store.PutBlob(new WindowKey("d", "1", Start, "broken"), [1, 2, 3]);

        MergedWindow? window = await store.LoadWindowAsync(new WindowId("d", "1", Start));

        Assert.NotNull(window);
        Assert.Equal(2, window.Partials);
        Assert.Equal(2, window.Profile!.RowCount);
        Assert.Equal(Start, window.Profile.WindowStart);
        Assert.Equal("d", window.Profile.Tags["deployment"]);
        Assert.False(window.Profile.Tags.ContainsKey("replica"));
        Assert.Contains("broken", Assert.Single(window.Problems), StringComparison.Ordinal);
        Assert.Equal(
            [Start.AddHours(-1), Start, Start.AddHours(1)],
            (await store.ListWindowsAsync("d", "1")).Select(w => w.WindowStart));
        Assert.Empty(await store.ListWindowsAsync("d", "2"));
    }

    [Theory]
    [InlineData("2026-01-01T10:59:59Z", 60, "2026-01-01T10:00:00Z")]
    [InlineData("2026-01-01T11:00:00+02:00", 60, "2026-01-01T09:00:00Z")]
    [InlineData("2026-01-01T10:47:00Z", 15, "2026-01-01T10:45:00Z")]
    [InlineData("1969-12-31T23:30:00Z", 60, "1969-12-31T23:00:00Z")]
    public void Window_start_is_the_floor_in_UTC(string at, int minutes, string expected)
    {
        Assert.Equal(
            DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            WindowedProfiler.WindowStartOf(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(minutes)));
    }

    private static KeyValuePair<string, object?>[] Row(Random rng, double shift) =>
    [
        new("x", ProfileData.Normal(rng) + shift),
        new("level", (double)(shift > 0 && rng.NextDouble() < 0.4 ? 3 : rng.Next(0, 4))),
        new("color", ProfileData.Colors[Math.Min(4, (int)(rng.NextDouble() * (5 + shift)))]),
        new("sparse", rng.NextDouble() < 0.3 ? null : rng.NextDouble()),
    ];
}
