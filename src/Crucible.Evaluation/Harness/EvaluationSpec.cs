using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Harness;

/// <summary>
/// Everything an evaluation is told to do, apart from the data (STYLE habit 14: config apart from compute).
/// Presets are plain instances: <see cref="ForBinary"/>, <see cref="ForMulticlass"/>, <see cref="ForRegression"/>.
/// </summary>
public sealed record EvaluationSpec
{
    public EvaluationTask Task { get; init; } = EvaluationTask.Binary;

    public PredictionColumns Columns { get; init; } = new();

    /// <summary>Columns to slice by: categorical values, or bins when every value is a number.</summary>
    public IReadOnlyList<string> SliceBy { get; init; } = [];

    /// <summary>Bin edges for numeric slice columns (inner edges, increasing); a column not listed gets equal-width bins.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> SliceBins { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>Number of equal-width bins for a numeric slice column without explicit edges.</summary>
    public int NumericBinCount { get; init; } = 4;

    /// <summary>Slices and fairness groups with fewer rows are reported as skipped.</summary>
    public int MinSliceSize { get; init; } = 30;

    /// <summary>The column whose groups fairness is measured over (binary task).</summary>
    public string? SensitiveColumn { get; init; }

    /// <summary>The Aequitas disparity tolerance: a group is fair when tau &lt;= disparity &lt;= 1/tau.</summary>
    public double FairnessTau { get; init; } = 0.8;

    public BootstrapSettings Bootstrap { get; init; } = new();

    /// <summary>A gate expression (see <c>GateExpression</c>), or null.</summary>
    public string? Gate { get; init; }

    /// <summary>The binary preset.</summary>
    public static EvaluationSpec ForBinary(PredictionColumns columns) => new() { Task = EvaluationTask.Binary, Columns = columns };

    /// <summary>The multiclass preset.</summary>
    public static EvaluationSpec ForMulticlass(PredictionColumns columns) => new() { Task = EvaluationTask.Multiclass, Columns = columns };

    /// <summary>The regression preset.</summary>
    public static EvaluationSpec ForRegression(PredictionColumns columns) => new() { Task = EvaluationTask.Regression, Columns = columns };
}

/// <summary>Seeded percentile bootstrap settings; zero resamples turns intervals off.</summary>
/// <param name="Resamples">Number of resamples (0 = no intervals).</param>
/// <param name="Seed">Seed of <c>new Random(seed)</c>.</param>
/// <param name="ConfidenceLevel">Central coverage of the percentile interval, in (0, 1).</param>
public sealed record BootstrapSettings(int Resamples = 0, int Seed = 0, double ConfidenceLevel = 0.95);
