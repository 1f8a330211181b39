namespace Crucible.Pipelines.Training.TimeSeries;

/// <summary>One reading of a machine's sensors at a time; <paramref name="Event"/> marks a failure (or maintenance) at that time.</summary>
public sealed record SensorReading(string Machine, DateTimeOffset Time, IReadOnlyList<double> Values, bool Event = false);

/// <summary>
/// How <see cref="MachineFeatures"/> builds features: a rolling <paramref name="Window"/> (readings in (t − window, t]),
/// <paramref name="Lags"/> previous readings per sensor.
/// </summary>
public sealed record MachineFeatureOptions(TimeSpan Window, int Lags = 2)
{
    public static MachineFeatureOptions Default { get; } = new(TimeSpan.FromHours(24));
}

/// <summary>Features per reading, in the readings' order: names and row-major values (NaN where history is too short).</summary>
public sealed record FeatureTable(IReadOnlyList<string> Names, double[] Values, int Rows)
{
    public ReadOnlySpan<double> Row(int row) => Values.AsSpan(row * Names.Count, Names.Count);
}
