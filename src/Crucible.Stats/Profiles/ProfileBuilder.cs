using System.Globalization;

namespace Crucible.Stats.Profiles;

/// <summary>
/// Accumulates values into column profiles and produces a <see cref="DatasetProfile"/>. The fast
/// path is <see cref="Add(string, ReadOnlySpan{double})"/> (or a held <see cref="Column"/>): a
/// batch of numbers per column. Row-shaped data goes through <see cref="AddRow"/>. Not thread-safe;
/// use one builder per thread or replica and merge the profiles.
/// </summary>
public sealed class ProfileBuilder
{
    private readonly Dictionary<string, ColumnProfile> _columns = new(StringComparer.Ordinal);
    private long _rows;

    /// <summary>Creates a builder with the given sketch sizes.</summary>
    public ProfileBuilder(ProfileOptions? options = null)
    {
        Options = options ?? ProfileOptions.Default;
    }

    /// <summary>Sketch sizes.</summary>
    public ProfileOptions Options { get; }

    /// <summary>Rows counted so far (explicit counts, or the longest column).</summary>
    public long RowCount => Math.Max(_rows, _columns.Count == 0 ? 0 : _columns.Values.Max(c => c.Count));

    /// <summary>The accumulator of a column, created on first use; hold it to skip the name lookup.</summary>
    public ColumnProfile Column(string name)
    {
        if (!_columns.TryGetValue(name, out ColumnProfile? column))
        {
            column = new ColumnProfile(name, Options);
            _columns.Add(name, column);
        }

        return column;
    }

    /// <summary>Adds a batch of numbers to a column (NaN and ±∞ are counted, not sketched).</summary>
    public void Add(string column, ReadOnlySpan<double> values) => Column(column).Add(values);

    /// <summary>Adds one number to a column.</summary>
    public void Add(string column, double value) => Column(column).Add(value);

    /// <summary>Records a missing value in a column.</summary>
    public void AddNull(string column) => Column(column).AddNull();

    /// <summary>Adds one string to a column (null = missing).</summary>
    public void Add(string column, string? value) => Column(column).Add(value);

    /// <summary>
    /// Adds a value of any common type: numbers (int, long, float, double, decimal...) as numbers,
    /// bool as "true"/"false", strings as categories, null/DBNull as missing, anything else by its
    /// invariant string form.
    /// </summary>
    public void AddValue(string column, object? value)
    {
        ColumnProfile c = Column(column);
        switch (value)
        {
            case null or DBNull:
                c.AddNull();
                break;
            case double d:
                c.Add(d);
                break;
            case float f:
                c.Add(f);
                break;
            case int or long or short or byte or sbyte or uint or ulong or ushort or decimal:
                c.Add(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case bool b:
                c.Add(b ? "true" : "false");
                break;
            case string s:
                c.Add(s);
                break;
            case IFormattable formattable:
                c.Add(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                c.Add(value.ToString());
                break;
        }
    }

    /// <summary>Adds one row; columns absent from this row count as missing when the profile is built.</summary>
    public void AddRow(IEnumerable<KeyValuePair<string, object?>> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        long before = _rows;
        foreach (KeyValuePair<string, object?> cell in row)
        {
            ColumnProfile c = Column(cell.Key);
            if (c.Count < before)
            {
                c.AddNulls(before - c.Count);
            }

            AddValue(cell.Key, cell.Value);
        }

        _rows = before + 1;
    }

    /// <summary>Counts rows explicitly (for the batch API, where columns are fed separately).</summary>
    public void CountRows(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _rows += count;
    }

    /// <summary>
    /// Builds the profile and resets the builder. Columns shorter than the row count are padded
    /// with missing values.
    /// </summary>
    public DatasetProfile Build(
        DateTimeOffset? windowStart = null,
        DateTimeOffset? windowEnd = null,
        IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        long rows = RowCount;
        foreach (ColumnProfile c in _columns.Values)
        {
            c.AddNulls(rows - c.Count);
        }

        var profile = new DatasetProfile(_columns.Values, rows, windowStart, windowEnd, tags);
        _columns.Clear();
        _rows = 0;
        return profile;
    }
}
