namespace Crucible.Pipelines.Training.TimeSeries;

/// <summary>
/// Targets for predictive maintenance, one per reading, from the same machine's events. These look ahead on purpose
/// (a target is about the future); the features never do (<see cref="MachineFeatures"/>).
/// </summary>
public static class MaintenanceLabels
{
    /// <summary>1 when the machine has an event in (t, t + horizon], else 0.</summary>
    public static double[] FailureWithin(IReadOnlyList<SensorReading> readings, TimeSpan horizon) =>
        [.. NextEvent(readings).Select((next, i) => next is { } e && e - readings[i].Time <= horizon ? 1.0 : 0.0)];

    /// <summary>
    /// Hours from t to the machine's next event after t (remaining useful life); NaN when no event follows (censored:
    /// leave those rows out of a regression's training data).
    /// </summary>
    public static double[] RemainingUsefulLife(IReadOnlyList<SensorReading> readings) =>
        [.. NextEvent(readings).Select((next, i) => next is { } e ? (e - readings[i].Time).TotalHours : double.NaN)];

    /// <summary>The time of each reading's machine's first event strictly after the reading.</summary>
    private static DateTimeOffset?[] NextEvent(IReadOnlyList<SensorReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var result = new DateTimeOffset?[readings.Count];
        foreach (var group in Enumerable.Range(0, readings.Count).GroupBy(i => readings[i].Machine, StringComparer.Ordinal))
        {
            var order = group.OrderByDescending(i => readings[i].Time).ToArray();
            DateTimeOffset? next = null;
            var p = 0;
            while (p < order.Length)
            {
                // Readings at the same time share the next event after that time.
                var time = readings[order[p]].Time;
                var q = p;
                while (q < order.Length && readings[order[q]].Time == time)
                {
                    result[order[q]] = next;
                    q++;
                }

                if (Enumerable.Range(p, q - p).Any(r => readings[order[r]].Event))
                {
                    next = time;
                }

                p = q;
            }
        }

        return result;
    }
}
