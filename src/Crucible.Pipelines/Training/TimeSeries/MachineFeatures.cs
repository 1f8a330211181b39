using System.Globalization;

namespace Crucible.Pipelines.Training.TimeSeries;

/// <summary>
/// Time-series features from sensor readings, per machine, with no look-ahead: the features of a reading at time t read
/// only that machine's readings at times ≤ t. Per sensor: the value, <c>lagN</c> (the N-th previous reading),
/// <c>mean</c>, <c>std</c> (population), <c>min</c>, <c>max</c> over the rolling window (t − window, t], <c>trend</c>
/// (least-squares slope per hour over the window) and <c>delta</c> (value − window mean); per machine
/// <c>hours_since_event</c> (since the last event at or before t; NaN before the first) and <c>readings_in_window</c>.
/// </summary>
public static class MachineFeatures
{
    public static FeatureTable Build(IReadOnlyList<SensorReading> readings, IReadOnlyList<string> sensors, MachineFeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Window <= TimeSpan.Zero || options.Lags < 0)
        {
            throw new ArgumentException("The window must be positive and the lags not negative.", nameof(options));
        }

        var names = Names(sensors, options.Lags);
        var width = names.Count;
        var values = new double[readings.Count * width];
        foreach (var group in Enumerable.Range(0, readings.Count).GroupBy(i => readings[i].Machine, StringComparer.Ordinal))
        {
            // Stable order by time; equal times are all "at or before t" for each other.
            var order = group.OrderBy(i => readings[i].Time).ToArray();
            FillMachine(readings, order, sensors.Count, options, values, width);
        }

        return new FeatureTable(names, values, readings.Count);
    }

    public static IReadOnlyList<string> Names(IReadOnlyList<string> sensors, int lags)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        var names = new List<string>();
        foreach (var s in sensors)
        {
            names.Add(s);
            for (var l = 1; l <= lags; l++)
            {
                names.Add(string.Create(CultureInfo.InvariantCulture, $"{s}_lag{l}"));
            }

            names.AddRange([$"{s}_mean", $"{s}_std", $"{s}_min", $"{s}_max", $"{s}_trend", $"{s}_delta"]);
        }

        names.Add("hours_since_event");
        names.Add("readings_in_window");
        return names;
    }

    private static void FillMachine(IReadOnlyList<SensorReading> readings, int[] order, int sensorCount, MachineFeatureOptions options, double[] values, int width)
    {
        var start = 0;
        var end = 0; // exclusive: every reading at or before the current time
        DateTimeOffset? lastEvent = null;
        for (var p = 0; p < order.Length; p++)
        {
            var time = readings[order[p]].Time;
            while (end < order.Length && readings[order[end]].Time <= time)
            {
                if (readings[order[end]].Event)
                {
                    lastEvent = readings[order[end]].Time;
                }

                end++;
            }

            while (readings[order[start]].Time <= time - options.Window)
            {
                start++;
            }

            var row = values.AsSpan(order[p] * width, width);
            var reading = readings[order[p]];
            if (reading.Values.Count != sensorCount)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Machine '{reading.Machine}' at {reading.Time:O} has {reading.Values.Count} sensor values; expected {sensorCount}."), nameof(readings));
            }

            var column = 0;
            for (var s = 0; s < sensorCount; s++)
            {
                row[column++] = reading.Values[s];
                for (var l = 1; l <= options.Lags; l++)
                {
                    row[column++] = p - l >= 0 ? readings[order[p - l]].Values[s] : double.NaN;
                }

                var (mean, std, min, max, trend) = Window(readings, order, start, end, s, time);
                row[column++] = mean;
                row[column++] = std;
                row[column++] = min;
                row[column++] = max;
                row[column++] = trend;
                row[column++] = reading.Values[s] - mean;
            }

            row[column++] = lastEvent is { } e ? (time - e).TotalHours : double.NaN;
            row[column] = end - start;
        }
    }

    private static (double Mean, double Std, double Min, double Max, double Trend) Window(
        IReadOnlyList<SensorReading> readings, int[] order, int start, int end, int sensor, DateTimeOffset now)
    {
        var n = end - start;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity, sumT = 0;
        for (var q = start; q < end; q++)
        {
            var v = readings[order[q]].Values[sensor];
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sumT += (readings[order[q]].Time - now).TotalHours;
        }

        var mean = sum / n;
        var meanT = sumT / n;
        double squares = 0, sxy = 0, sxx = 0;
        for (var q = start; q < end; q++)
        {
            var d = readings[order[q]].Values[sensor] - mean;
            var t = (readings[order[q]].Time - now).TotalHours - meanT;
            squares += d * d;
            sxy += t * d;
            sxx += t * t;
        }

        return (mean, Math.Sqrt(squares / n), min, max, sxx > 0 ? sxy / sxx : 0);
    }
}
