using System.Buffers;

namespace Crucible.Stats.Sketches;

/// <summary>
/// Exact, mergeable running moments: count, mean and M2 by Welford's update, merged with
/// Chan et al.'s parallel formula written symmetrically (A+B and B+A give identical bits);
/// also min, max and sum. NaN values are ignored.
/// </summary>
public sealed class MomentsSketch
{
    private const byte Version = 1;

    /// <summary>Number of values seen.</summary>
    public long Count { get; private set; }

    /// <summary>Arithmetic mean (NaN when empty).</summary>
    public double Mean => Count == 0 ? double.NaN : _mean;

    /// <summary>Sum of squared deviations from the mean.</summary>
    public double M2 { get; private set; }

    /// <summary>Smallest value (NaN when empty).</summary>
    public double Min => Count == 0 ? double.NaN : _min;

    /// <summary>Largest value (NaN when empty).</summary>
    public double Max => Count == 0 ? double.NaN : _max;

    /// <summary>Sum of values.</summary>
    public double Sum { get; private set; }

    /// <summary>Sample variance M2 / (n - 1) (NaN for fewer than two values).</summary>
    public double SampleVariance => Count < 2 ? double.NaN : M2 / (Count - 1);

    /// <summary>Population variance M2 / n (NaN when empty).</summary>
    public double PopulationVariance => Count == 0 ? double.NaN : M2 / Count;

    /// <summary>Square root of the sample variance.</summary>
    public double SampleStdDev => Math.Sqrt(SampleVariance);

    /// <summary>Square root of the population variance.</summary>
    public double PopulationStdDev => Math.Sqrt(PopulationVariance);

    private double _mean;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Adds one value.</summary>
    public void Update(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        long n = ++Count;
        double delta = value - _mean;
        _mean += delta / n;
        M2 += delta * (value - _mean);
        Sum += value;
        if (value < _min)
        {
            _min = value;
        }

        if (value > _max)
        {
            _max = value;
        }
    }

    /// <summary>Adds every value of a span.</summary>
    public void Update(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            Update(v);
        }
    }

    /// <summary>Folds another sketch into this one.</summary>
    public void Merge(MomentsSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            (Count, _mean, M2, _min, _max, Sum) = (other.Count, other._mean, other.M2, other._min, other._max, other.Sum);
            return;
        }

        double na = Count, nb = other.Count;
        double n = na + nb;
        double delta = other._mean - _mean;
        _mean = ((na * _mean) + (nb * other._mean)) / n;
        M2 = M2 + other.M2 + (delta * delta * (na * nb / n));
        Count += other.Count;
        Sum += other.Sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>Writes the versioned binary form.</summary>
    public void Serialize(IBufferWriter<byte> output)
    {
        var w = new SketchWriter(Version, SketchKind.Moments);
        w.WriteInt64(Count);
        w.WriteDouble(_mean);
        w.WriteDouble(M2);
        w.WriteDouble(_min);
        w.WriteDouble(_max);
        w.WriteDouble(Sum);
        w.CopyTo(output);
    }

    /// <summary>Reads the binary form; throws <see cref="InvalidDataException"/> on bad input.</summary>
    public static MomentsSketch Deserialize(ReadOnlySpan<byte> blob)
    {
        var r = SketchReader.Open(blob, Version, SketchKind.Moments);
        var s = new MomentsSketch
        {
            Count = r.ReadInt64(),
            _mean = r.ReadDouble(),
            M2 = r.ReadDouble(),
            _min = r.ReadDouble(),
            _max = r.ReadDouble(),
            Sum = r.ReadDouble(),
        };
        r.EnsureFullyRead();
        r.Require(s.Count >= 0, "negative count");
        r.Require(s.Count == 0 || (s._min <= s._max && s.M2 >= 0), "inconsistent moments");
        return s;
    }
}
