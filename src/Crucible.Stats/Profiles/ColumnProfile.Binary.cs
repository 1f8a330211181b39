using Crucible.Stats.Serialization;
using Crucible.Stats.Sketches;

namespace Crucible.Stats.Profiles;

/// <summary>
/// Binary form of a column profile (the payload of a column section, see DatasetProfile.Binary.cs): name, the five
/// counts, the discrete limit and counts (-1 once dropped), then the moments, KLL, HyperLogLog and frequent-strings
/// sketch blobs, each length-prefixed.
/// </summary>
public sealed partial class ColumnProfile
{
    internal void Write(LittleEndianWriter w)
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

        w.WriteLengthPrefixed(Moments.Serialize);
        w.WriteLengthPrefixed(Quantiles.Serialize);
        w.WriteLengthPrefixed(Distinct.Serialize);
        w.WriteLengthPrefixed(FrequentStrings.Serialize);
    }

    internal static ColumnProfile Read(ref LittleEndianReader r)
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

        MomentsSketch moments = ReadSketch(r.ReadLengthPrefixed($"column '{name}' moments"), name, "moments", MomentsSketch.Deserialize);
        KllSketch kll = ReadSketch(r.ReadLengthPrefixed($"column '{name}' quantiles"), name, "quantiles", KllSketch.Deserialize);
        HyperLogLogSketch hll = ReadSketch(r.ReadLengthPrefixed($"column '{name}' distinct"), name, "distinct", HyperLogLogSketch.Deserialize);
        FrequentItemsSketch fi = ReadSketch(r.ReadLengthPrefixed($"column '{name}' frequent strings"), name, "frequent strings", FrequentItemsSketch.Deserialize);
        r.Require(moments.Count == numeric && kll.N == numeric, $"column '{name}': sketch counts disagree with the numeric count");
        r.Require(fi.N == strings, $"column '{name}': frequent strings disagree with the string count");
        r.Require(discrete is null || discrete.Values.Sum() == numeric, $"column '{name}': discrete counts disagree with the numeric count");
        var options = new ProfileOptions { KllK = kll.K, HllPrecision = hll.Precision, FrequentItemsMapSize = fi.MaxMapSize, DiscreteLimit = discreteLimit };
        return new ColumnProfile(name, options, moments, kll, hll, fi)
        {
            NullCount = nulls,
            NaNCount = nan,
            InfinityCount = inf,
            NumericCount = numeric,
            StringCount = strings,
            _discrete = discrete,
        };
    }

    private static T ReadSketch<T>(ReadOnlySpan<byte> blob, string column, string sketch, Func<ReadOnlySpan<byte>, T> deserialize)
    {
        try
        {
            return deserialize(blob);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Profile blob is invalid: column '{column}' {sketch} sketch: {e.Message}", e);
        }
    }
}
