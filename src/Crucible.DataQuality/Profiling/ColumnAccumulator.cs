using Crucible.Tabular;
using Crucible.Stats.Sketches;

namespace Crucible.DataQuality.Profiling;

/// <summary>Streaming state for one column; memory is bounded by the sketch sizes and the exact-distinct cap.</summary>
internal sealed class ColumnAccumulator(string name)
{
    public const int ExactDistinctCap = 10_000;

    private readonly long[] _kinds = new long[Enum.GetValues<CellKind>().Length];
    private readonly MomentsSketch _moments = new();
    private readonly KllSketch _kll = new();
    private readonly HyperLogLogSketch _hll = new();
    private readonly FrequentItemsSketch _frequent = new(256);
    private HashSet<string>? _exact = new(StringComparer.Ordinal);
    private long _nulls;
    private long _whitespace;
    private double _length;

    public string Name { get; } = name;

    public KllSketch Quantiles => _kll;

    /// <summary>Adds a cell and returns its parsed number (NaN when it is not numeric or missing).</summary>
    public double Add(string? cell)
    {
        if (cell is null)
        {
            _nulls++;
            return double.NaN;
        }

        CellKind kind = TabularCell.Classify(cell, out double number);
        _kinds[(int)kind]++;
        if (!double.IsNaN(number))
        {
            _moments.Update(number);
            _kll.Update(number);
        }

        _frequent.Update(cell);
        if (_exact is null)
        {
            _hll.Update(cell);
        }
        else if (_exact.Add(cell) && _exact.Count > ExactDistinctCap)
        {
            // Hashing every cell is the profiler's largest cost, so the sketch only starts once the exact set
            // overflows, seeded with what the set saw (HyperLogLog ignores repeats, so nothing is lost).
            foreach (string value in _exact)
            {
                _hll.Update(value);
            }

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
        long distinct = _exact?.Count ?? (long)Math.Round(_hll.Estimate());
        double whitespaceShare = nonNull == 0 ? 0 : (double)_whitespace / nonNull;
        double averageLength = nonNull == 0 ? 0 : _length / nonNull;
        bool hasNumbers = _moments.Count > 0;
        long[] groups = [numeric, _kinds[(int)CellKind.Boolean], _kinds[(int)CellKind.DateTime], _kinds[(int)CellKind.String]];
        ColumnRole role = RoleInference.Infer(Name, type, nonNull, distinct, hasNumbers ? _moments.Min : null, hasNumbers ? _moments.Max : null, whitespaceShare, averageLength);
        return new ColumnProfile
        {
            Name = Name,
            Type = type,
            Role = role,
            Nullable = _nulls > 0,
            NullCount = _nulls,
            NonNullCount = nonNull,
            DistinctCount = distinct,
            DistinctIsEstimate = _exact is null,
            MixedTypeShare = nonNull == 0 ? 0 : 1.0 - ((double)groups.Max() / nonNull),
            NumericShare = nonNull == 0 ? 0 : (double)numeric / nonNull,
            Min = hasNumbers ? _moments.Min : null,
            Max = hasNumbers ? _moments.Max : null,
            Mean = hasNumbers ? _moments.Mean : null,
            StdDev = _moments.Count > 1 ? _moments.SampleStdDev : null,
            P25 = hasNumbers ? _kll.Quantile(0.25) : null,
            P50 = hasNumbers ? _kll.Quantile(0.5) : null,
            P75 = hasNumbers ? _kll.Quantile(0.75) : null,
            AverageLength = averageLength,
            Histogram = role == ColumnRole.Numeric ? NumericHistogram.Of(_kll, type == ColumnType.Integer) : null,
            TopValues = [.. _frequent.TopK(10).Select(f => new ValueCount(f.Item, f.Estimate))],
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
