namespace Crucible.Stats.Drift;

/// <summary>
/// Reference and current counts aligned on the union of categories (sorted: numbers ascending,
/// strings ordinal), the shape every categorical drift test works on.
/// </summary>
public sealed class CategoryTable
{
    private readonly double[] _reference;
    private readonly double[] _current;

    /// <summary>Creates a table from aligned counts (weights may be fractional, for sketches).</summary>
    public CategoryTable(IReadOnlyList<double> referenceCounts, IReadOnlyList<double> currentCounts)
    {
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        if (referenceCounts.Count != currentCounts.Count)
        {
            throw new ArgumentException("Reference and current counts must be aligned.", nameof(currentCounts));
        }

        _reference = [.. referenceCounts];
        _current = [.. currentCounts];
        ReferenceTotal = _reference.Sum();
        CurrentTotal = _current.Sum();
    }

    /// <summary>Number of categories (bins).</summary>
    public int Count => _reference.Length;

    /// <summary>Total reference weight.</summary>
    public double ReferenceTotal { get; }

    /// <summary>Total current weight.</summary>
    public double CurrentTotal { get; }

    /// <summary>Reference count of category i.</summary>
    public double ReferenceCount(int i) => _reference[i];

    /// <summary>Current count of category i.</summary>
    public double CurrentCount(int i) => _current[i];

    /// <summary>Reference shares (count / total).</summary>
    public double[] ReferenceShares() => _reference.Select(c => c / ReferenceTotal).ToArray();

    /// <summary>Current shares (count / total).</summary>
    public double[] CurrentShares() => _current.Select(c => c / CurrentTotal).ToArray();

    /// <summary>Counts distinct numbers (NaN excluded) of both samples.</summary>
    public static CategoryTable FromValues(ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        Build(Tally(reference), Tally(current), Comparer<double>.Default);

    /// <summary>Counts distinct strings (null excluded) of both samples.</summary>
    public static CategoryTable FromValues(IEnumerable<string?> reference, IEnumerable<string?> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        return Build(Tally(reference), Tally(current), StringComparer.Ordinal);
    }

    internal static CategoryTable Build<TKey>(Dictionary<TKey, double> reference, Dictionary<TKey, double> current, IComparer<TKey> order)
        where TKey : notnull
    {
        var keys = new SortedSet<TKey>(reference.Keys, order);
        keys.UnionWith(current.Keys);
        var r = new double[keys.Count];
        var c = new double[keys.Count];
        int i = 0;
        foreach (TKey key in keys)
        {
            r[i] = reference.GetValueOrDefault(key);
            c[i] = current.GetValueOrDefault(key);
            i++;
        }

        return new CategoryTable(r, c);
    }

    private static Dictionary<double, double> Tally(ReadOnlySpan<double> values)
    {
        var d = new Dictionary<double, double>();
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                // +0.0 and -0.0 are one category, as in pandas.
                double key = v == 0 ? 0.0 : v;
                d[key] = d.GetValueOrDefault(key) + 1;
            }
        }

        return d;
    }

    private static Dictionary<string, double> Tally(IEnumerable<string?> values)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string? v in values)
        {
            if (v is not null)
            {
                d[v] = d.GetValueOrDefault(v) + 1;
            }
        }

        return d;
    }
}
