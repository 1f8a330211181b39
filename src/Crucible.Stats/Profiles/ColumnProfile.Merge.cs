using Crucible.Stats.Serialization;

namespace Crucible.Stats.Profiles;

/// <summary>Merge and copy of a column profile.</summary>
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
    public ColumnProfile Clone()
    {
        var w = new LittleEndianWriter(1024);
        Write(w);
        var r = new LittleEndianReader(w.WrittenSpan, "Profile blob", "column copy");
        return Read(ref r);
    }
}
