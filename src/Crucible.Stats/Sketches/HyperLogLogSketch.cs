using System.Buffers;
using System.Numerics;

namespace Crucible.Stats.Sketches;

/// <summary>
/// HyperLogLog distinct-count sketch (Flajolet et al. 2007) over 64-bit hashes (<see cref="Hash64"/>):
/// 2^p one-byte registers, the top p hash bits pick a register, the rank is 1 + leading zeros of
/// the rest. Estimate = α_m·m²/Σ2^-M[j] with linear counting m·ln(m/V) when that raw estimate is
/// ≤ 2.5m and V registers are still zero. No large-range correction is needed with 64-bit hashes.
/// Merge takes the register-wise maximum, so it is exactly associative and commutative.
/// </summary>
public sealed class HyperLogLogSketch
{
    /// <summary>Default precision (whylogs' hll_lg_k).</summary>
    public const int DefaultPrecision = 12;

    private const byte Version = 1;
    private readonly byte[] _registers;

    /// <summary>Creates an empty sketch with 2^precision registers (4 ≤ precision ≤ 18).</summary>
    public HyperLogLogSketch(int precision = DefaultPrecision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 18);
        Precision = precision;
        _registers = new byte[1 << precision];
    }

    /// <summary>Precision p (register count 2^p).</summary>
    public int Precision { get; }

    /// <summary>Register count m.</summary>
    public int RegisterCount => _registers.Length;

    /// <summary>Relative standard error 1.04/√m.</summary>
    public double RelativeStandardError => 1.04 / Math.Sqrt(_registers.Length);

    /// <summary>Read-only view of the registers.</summary>
    public ReadOnlySpan<byte> Registers => _registers;

    /// <summary>Adds a pre-hashed value.</summary>
    public void UpdateHash(ulong hash)
    {
        int p = Precision;
        int index = (int)(hash >> (64 - p));
        ulong rest = hash << p;
        int rank = rest == 0 ? 64 - p + 1 : BitOperations.LeadingZeroCount(rest) + 1;
        if (rank > _registers[index])
        {
            _registers[index] = (byte)rank;
        }
    }

    /// <summary>Adds a number (NaN counts as one value; +0 and -0 are equal).</summary>
    public void Update(double value) => UpdateHash(Hash64.Of(value));

    /// <summary>Adds a string (hash of its UTF-8 bytes).</summary>
    public void Update(string value) => UpdateHash(Hash64.Of(value));

    /// <summary>Estimated number of distinct values.</summary>
    public double Estimate()
    {
        int m = _registers.Length;
        double sum = 0.0;
        int zeros = 0;
        foreach (byte r in _registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0)
            {
                zeros++;
            }
        }

        double alpha = 0.7213 / (1.0 + (1.079 / m));
        double raw = alpha * m * m / sum;
        return raw <= 2.5 * m && zeros > 0 ? m * Math.Log((double)m / zeros) : raw;
    }

    /// <summary>Estimate minus z standard errors (not below 0).</summary>
    public double LowerBound(double standardErrors = 2.0) => Math.Max(0.0, Estimate() * (1 - (standardErrors * RelativeStandardError)));

    /// <summary>Estimate plus z standard errors.</summary>
    public double UpperBound(double standardErrors = 2.0) => Estimate() * (1 + (standardErrors * RelativeStandardError));

    /// <summary>Folds another sketch of the same precision into this one (register-wise max).</summary>
    public void Merge(HyperLogLogSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Precision != Precision)
        {
            throw new ArgumentException($"Cannot merge HLL sketches with p={Precision} and p={other.Precision}.", nameof(other));
        }

        for (int i = 0; i < _registers.Length; i++)
        {
            _registers[i] = Math.Max(_registers[i], other._registers[i]);
        }
    }

    /// <summary>Writes the versioned binary form.</summary>
    public void Serialize(IBufferWriter<byte> output)
    {
        var w = new SketchWriter(Version, SketchKind.HyperLogLog);
        w.WriteByte((byte)Precision);
        w.WriteBytes(_registers);
        w.CopyTo(output);
    }

    /// <summary>Reads the binary form; throws <see cref="InvalidDataException"/> on bad input.</summary>
    public static HyperLogLogSketch Deserialize(ReadOnlySpan<byte> blob)
    {
        var r = SketchReader.Open(blob, Version, SketchKind.HyperLogLog);
        int p = r.ReadByte();
        r.Require(p is >= 4 and <= 18, "precision out of range");
        var s = new HyperLogLogSketch(p);
        ReadOnlySpan<byte> regs = r.ReadBytes(1 << p);
        foreach (byte b in regs)
        {
            r.Require(b <= 64 - p + 1, "register value out of range");
        }

        regs.CopyTo(s._registers);
        r.EnsureFullyRead();
        return s;
    }
}
