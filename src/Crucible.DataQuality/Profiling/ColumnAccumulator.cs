using Crucible.Tabular;
using Crucible.Stats.Sketches;
using MergeableColumn = Crucible.Stats.Profiles.ColumnProfile;

namespace Crucible.DataQuality.Profiling;

/// <summary>
/// Streaming state for one column; memory is bounded by the sketch sizes and the exact-distinct cap. The counts,
/// moments, quantiles, distinct count and frequent strings are Stats' mergeable column profile (numeric cells as
/// numbers, other cells as strings); this class adds what only data quality asks: the cell types, the top values as
/// written, exact distinct values up to a cap, lengths and whitespace.
/// </summary>
internal sealed class ColumnAccumulator(string name)
{
    public const int ExactDistinctCap = 10_000;

    private readonly long[] _kinds = new long[Enum.GetValues<CellKind>().Length];
    private readonly MergeableColumn _profile = new(name);
    private readonly FrequentItemsSketch _cells = new(256);
    private HashSet<string>? _exact = new(StringComparer.Ordinal);
    private long _whitespace;
    private double _length;

    public string Name { get; } = name;

    public KllSketch Quantiles => _profile.Quantiles;

    /// <summary>The column's mergeable profile (Stats' model), as the scan built it.</summary>
    public MergeableColumn Sketches => _profile;

    /// <summary>Adds a cell and returns its parsed number (NaN when it is not numeric or missing).</summary>
    public double Add(string? cell)
    {
        if (cell is null)
        {
            _profile.AddNull();
            return double.NaN;
        }

        CellKind kind = TabularCell.Classify(cell, out double number);
        _kinds[(int)kind]++;
        if (double.IsNaN(number))
        {
            _profile.Add(cell);
        }
        else
        {
            _profile.Add(number);
        }

        _cells.Update(cell);
        if (_exact is not null && _exact.Add(cell) && _exact.Count > ExactDistinctCap)
        {
            _exact = null;
        }

        _length += cell.Length;
        if (cell.AsSpan().ContainsAny(' ', '\t', '\n'))
        {
            _whitespace++;
        }

        return number;
    }

    /// <summary>The distinct values seen, when still tracked exactly.</summary>
    public IReadOnlySet<string>? ExactValues => _exact;

    public ColumnProfile ToProfile()
    {
        long nonNull = _kinds.Sum();
        long numeric = _kinds[(int)CellKind.Integer] + _kinds[(int)CellKind.Float];
        ColumnType type = TypeOf(nonNull, numeric);
        long distinct = _exact?.Count ?? (long)_profile.DistinctEstimate();
        double whitespaceShare = nonNull == 0 ? 0 : (double)_whitespace / nonNull;
        double averageLength = nonNull == 0 ? 0 : _length / nonNull;
        MomentsSketch moments = _profile.Moments;
        KllSketch kll = _profile.Quantiles;
        bool hasNumbers = moments.Count > 0;
        long[] groups = [numeric, _kinds[(int)CellKind.Boolean], _kinds[(int)CellKind.DateTime], _kinds[(int)CellKind.String]];
        ColumnRole role = RoleInference.Infer(Name, type, nonNull, distinct, hasNumbers ? moments.Min : null, hasNumbers ? moments.Max : null, whitespaceShare, averageLength);
        return new ColumnProfile
        {
            Name = Name,
            Type = type,
            Role = role,
            Nullable = _profile.NullCount > 0,
            NullCount = _profile.NullCount,
            NonNullCount = nonNull,
            DistinctCount = distinct,
            DistinctIsEstimate = _exact is null,
            MixedTypeShare = nonNull == 0 ? 0 : 1.0 - ((double)groups.Max() / nonNull),
            NumericShare = nonNull == 0 ? 0 : (double)numeric / nonNull,
            Min = hasNumbers ? moments.Min : null,
            Max = hasNumbers ? moments.Max : null,
            Mean = hasNumbers ? moments.Mean : null,
            StdDev = moments.Count > 1 ? moments.SampleStdDev : null,
            P25 = hasNumbers ? kll.Quantile(0.25) : null,
            P50 = hasNumbers ? kll.Quantile(0.5) : null,
            P75 = hasNumbers ? kll.Quantile(0.75) : null,
            AverageLength = averageLength,
            Histogram = role == ColumnRole.Numeric ? NumericHistogram.Of(kll, type == ColumnType.Integer) : null,
            TopValues = [.. _cells.TopK(10).Select(f => new ValueCount(f.Item, f.Estimate))],
        };
    }

    private ColumnType TypeOf(long nonNull, long numeric)
    {
        if (nonNull == 0)
        {
            return ColumnType.String;
        }

        if (_kinds[(int)CellKind.Integer] == nonNull)
        {
            return ColumnType.Integer;
        }

        if (numeric == nonNull)
        {
            return ColumnType.Float;
        }

        return _kinds[(int)CellKind.Boolean] == nonNull ? ColumnType.Boolean
            : _kinds[(int)CellKind.DateTime] == nonNull ? ColumnType.DateTime
            : ColumnType.String;
    }
}
