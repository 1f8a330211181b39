using System.Globalization;

namespace Crucible.Pipelines.Training.TimeSeries;

/// <summary>Row indices of a train/test split.</summary>
public sealed record SplitIndices(int[] Train, int[] Test);

/// <summary>
/// Train/test splits that keep the future out of training: by time (train before the cutoff, test from it, with the
/// training rows whose target window reaches past the cutoff dropped) and by machine (no machine in both).
/// </summary>
public static class MaintenanceSplits
{
    /// <summary>
    /// Train: readings before <paramref name="cutoff"/> whose target horizon ends before it too (t + horizon &lt; cutoff,
    /// so no training label reads an event the test period holds); test: readings at or after the cutoff.
    /// </summary>
    public static SplitIndices ByTime(IReadOnlyList<SensorReading> readings, DateTimeOffset cutoff, TimeSpan horizon)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var train = Enumerable.Range(0, readings.Count).Where(i => readings[i].Time + horizon < cutoff).ToArray();
        var test = Enumerable.Range(0, readings.Count).Where(i => readings[i].Time >= cutoff).ToArray();
        return new SplitIndices(train, test);
    }

    /// <summary>A seeded share of the machines (at least one, never all) goes to test with all its readings.</summary>
    public static SplitIndices ByMachine(IReadOnlyList<SensorReading> readings, double testShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (testShare is <= 0 or >= 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The test share {testShare} must be in (0, 1)."), nameof(testShare));
        }

        var machines = readings.Select(r => r.Machine).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (machines.Length < 2)
        {
            throw new ArgumentException("A split by machine needs at least two machines.", nameof(readings));
        }

        new Random(seed).Shuffle(machines);
        var count = Math.Clamp((int)Math.Round(machines.Length * testShare), 1, machines.Length - 1);
        var test = machines.Take(count).ToHashSet(StringComparer.Ordinal);
        return new SplitIndices(
            [.. Enumerable.Range(0, readings.Count).Where(i => !test.Contains(readings[i].Machine))],
            [.. Enumerable.Range(0, readings.Count).Where(i => test.Contains(readings[i].Machine))]);
    }
}
