using System.Diagnostics;

namespace Crucible.Bench;

/// <summary>Latencies in milliseconds, from <see cref="Stopwatch"/> timestamps; percentiles by nearest rank.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];
    private double[]? _sorted;

    public int Count => _values.Count;

    /// <summary>The samples in the order they were added.</summary>
    public IReadOnlyList<double> Values => _values;

    public double Mean => _values.Count == 0 ? double.NaN : _values.Average();

    public double Sum => _values.Sum();

    public double Min => Sorted().FirstOrDefault(double.NaN);

    public double Max => Sorted().LastOrDefault(double.NaN);

    public static double Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public void Add(double milliseconds)
    {
        _values.Add(milliseconds);
        _sorted = null;
    }

    public void AddRange(Samples other) => other._values.ForEach(Add);

    /// <summary>Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.</summary>
    public double Percentile(double p)
    {
        var sorted = Sorted();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private double[] Sorted()
    {
        if (_sorted is null)
        {
            _sorted = [.. _values];
            Array.Sort(_sorted);
        }

        return _sorted;
    }
}

/// <summary>One line of the result table. Totals are per pass: the median pass and the range over passes.</summary>
internal sealed record Row(string Scenario, string Backend, Samples Latencies, IReadOnlyList<double> PassTotals, string Notes)
{
    public int CallsPerPass { get; init; }
}
