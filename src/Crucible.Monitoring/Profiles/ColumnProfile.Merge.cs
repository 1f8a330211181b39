using System.Buffers;
using Crucible.Stats.Sketches;

namespace Crucible.Monitoring.Profiles;

/// <summary>Merge, copy and binary form of a column profile.</summary>
public sealed partial class ColumnProfile
{
    /// <summary>
    /// Folds another profile of the same column into this one. Counts, moments, HyperLogLog and
    /// the discrete counts merge exactly; KLL and frequent strings merge within their error bounds.
    /// </summary>
    public void Merge(ColumnProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("Cannot merge a column profile into itself.", nameof(other));
        }

        if (!string.Equals(other.Name, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Cannot merge column '{other.Name}' into column '{Name}'.", nameof(other));
        }

        if (other.Quantiles.K != Quantiles.K || other.Distinct.Precision != Distinct.Precision)
        {
            throw new ArgumentException(
                $"Column '{Name}': cannot merge profiles built with different sketch sizes (KLL k {Quantiles.K} vs {other.Quantiles.K}, HLL precision {Distinct.Precision} vs {other.Distinct.Precision}).",
                nameof(other));
        }

        NullCount += other.NullCount;
        NaNCount += other.NaNCount;
        InfinityCount += other.InfinityCount;
        NumericCount += other.NumericCount;
        StringCount += other.StringCount;
        Moments.Merge(other.Moments);
        Quantiles.Merge(other.Quantiles);
        Distinct.Merge(other.Distinct);
        FrequentStrings.Merge(other.FrequentStrings);
        if (_discrete is not null && other._discrete is not null)
        {
            foreach (KeyValuePair<double, long> kv in other._discrete.OrderBy(kv => kv.Key))
            {
                Tally(kv.Key, kv.Value);
                if (_discrete is null)
                {
                    break;
                }
            }
        }
        else
        {
            _discrete = null;
        }
    }

    /// <summary>A deep copy.</summary>
    public ColumnProfile Clone() => Clone(Name);

    /// <summary>A deep copy under another name (an ordinal column such as <c>input[3]</c> shown by its feature name).</summary>
    public ColumnProfile Clone(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var w = new ProfileWriter();
        Write(w);
        var r = new ProfileReader(w.WrittenSpan, "column copy");
        return Read(ref r, name);
    }

    internal void Write(ProfileWriter w)
    {
        w.WriteString(Name);
        w.WriteInt64(NullCount);
        w.WriteInt64(NaNCount);
        w.WriteInt64(InfinityCount);
        w.WriteInt64(NumericCount);
        w.WriteInt64(StringCount);
        w.WriteInt32(Options.DiscreteLimit);
        if (_discrete is null)
        {
            w.WriteInt32(-1);
        }
        else
        {
            w.WriteInt32(_discrete.Count);
            foreach (KeyValuePair<double, long> kv in _discrete.OrderBy(kv => kv.Key))
            {
                w.WriteDouble(kv.Key);
                w.WriteInt64(kv.Value);
            }
        }

        w.WriteBlob(Moments.Serialize);
        w.WriteBlob(Quantiles.Serialize);
        w.WriteBlob(Distinct.Serialize);
        w.WriteBlob(FrequentStrings.Serialize);
    }

    internal static ColumnProfile Read(ref ProfileReader r, string? rename = null)
    {
        string name = r.ReadString();
        r.Require(name.Length > 0, "empty column name");
        long nulls = r.ReadInt64(), nan = r.ReadInt64(), inf = r.ReadInt64(), numeric = r.ReadInt64(), strings = r.ReadInt64();
        r.Require(nulls >= 0 && nan >= 0 && inf >= 0 && numeric >= 0 && strings >= 0, $"column '{name}' has a negative count");
        int discreteLimit = r.ReadInt32();
        int discreteCount = r.ReadInt32();
        r.Require(discreteLimit >= 0 && discreteCount >= -1 && discreteCount <= discreteLimit, $"column '{name}' has an invalid discrete count");
        Dictionary<double, long>? discrete = discreteCount < 0 ? null : new Dictionary<double, long>(discreteCount);
        for (int i = 0; i < discreteCount; i++)
        {
            double key = r.ReadDouble();
            long count = r.ReadInt64();
            r.Require(double.IsFinite(key) && count > 0 && discrete!.TryAdd(key, count), $"column '{name}' has a bad discrete counter");
        }

        MomentsSketch moments = r.ReadSketch(name, "moments", MomentsSketch.Deserialize);
        KllSketch kll = r.ReadSketch(name, "quantiles", KllSketch.Deserialize);
        HyperLogLogSketch hll = r.ReadSketch(name, "distinct", HyperLogLogSketch.Deserialize);
        FrequentItemsSketch fi = r.ReadSketch(name, "frequent strings", FrequentItemsSketch.Deserialize);
        r.Require(moments.Count == numeric && kll.N == numeric, $"column '{name}': sketch counts disagree with the numeric count");
        r.Require(fi.N == strings, $"column '{name}': frequent strings disagree with the string count");
        r.Require(discrete is null || discrete.Values.Sum() == numeric, $"column '{name}': discrete counts disagree with the numeric count");
        var options = new ProfileOptions { KllK = kll.K, HllPrecision = hll.Precision, FrequentItemsMapSize = fi.MaxMapSize, DiscreteLimit = discreteLimit };
        return new ColumnProfile(rename ?? name, options, moments, kll, hll, fi)
        {
            NullCount = nulls,
            NaNCount = nan,
            InfinityCount = inf,
            NumericCount = numeric,
            StringCount = strings,
            _discrete = discrete,
        };
    }
}

/// <summary>Serializes a sketch into a buffer writer.</summary>
internal delegate void SketchSerializer(IBufferWriter<byte> output);

/// <summary>Reads a sketch from its blob.</summary>
internal delegate T SketchDeserializer<out T>(ReadOnlySpan<byte> blob);
