using System.Text.Json.Serialization;
using Crucible.Contracts.Evaluation;
using Crucible.Contracts.Mlflow;

namespace Crucible.Contracts.Optimization;

/// <summary>
/// The body of <c>POST /api/crucible/v1/models/{name}/versions/{version}/optimize</c>: which transform to apply and,
/// optionally, a dataset (features plus label, CSV) to calibrate static int8 on and to measure the variant's accuracy
/// delta against its parent with; <see cref="Gate"/> refuses to register a variant that moved too far.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OptimizeVersionRequest
{
    /// <summary><c>graph</c>, <c>fp16</c>, <c>int8-dynamic</c> or <c>int8-static</c>.</summary>
    public string? Transform { get; init; }

    /// <summary>Per-output-channel weight scales for int8 (default per tensor).</summary>
    public bool? PerChannel { get; init; }

    /// <summary><c>basic</c>, <c>extended</c> (default) or <c>all</c>, for <c>graph</c>.</summary>
    public string? GraphLevel { get; init; }

    /// <summary><c>minmax</c> (default) or <c>percentile</c>, for <c>int8-static</c>.</summary>
    public string? Calibration { get; init; }

    public double? Percentile { get; init; }

    /// <summary>Features and the label column, CSV with a header.</summary>
    public string? DatasetCsv { get; init; }

    /// <summary>What the dataset is called in the recorded delta (e.g. a registered <c>NAME@VERSION</c>).</summary>
    public string? DatasetName { get; init; }

    /// <summary><c>binary</c> (default), <c>multiclass</c> or <c>regression</c>.</summary>
    public string? Task { get; init; }

    public string? LabelColumn { get; init; }

    public IReadOnlyList<string>? ExcludeColumns { get; init; }

    public string? ScoreOutput { get; init; }

    /// <summary>A gate over the delta: metrics, <c>delta.&lt;metric&gt;</c>, <c>agreement</c>, <c>max_abs_diff</c>.</summary>
    public string? Gate { get; init; }

    public string? Description { get; init; }
}

/// <summary>A variant's accuracy against its parent on one dataset.</summary>
public sealed record AccuracyDeltaDto(
    string DatasetName,
    int RowCount,
    IReadOnlyDictionary<string, double> ParentMetrics,
    IReadOnlyDictionary<string, double> VariantMetrics,
    IReadOnlyDictionary<string, double> Deltas,
    double? Agreement,
    double MaxAbsDiff);

/// <summary>What <c>optimize</c> made: the registered variant (null when the gate refused it) and how it compares.</summary>
public sealed record OptimizeVersionResponse(
    bool Registered,
    ModelVersionDto? ModelVersion,
    string OptimizedFrom,
    string Transform,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> Notes,
    long ParentBytes,
    long VariantBytes,
    AccuracyDeltaDto? Delta,
    EvaluationGateDto? Gate);

/// <summary>One registered variant of a version, as the variants list shows it side by side.</summary>
public sealed record ModelVariantDto(
    string Version,
    string Transform,
    IReadOnlyDictionary<string, string>? Settings,
    long? Bytes,
    AccuracyDeltaDto? Delta);

/// <summary>A version and its registered variants.</summary>
public sealed record ModelVariantsDto(string Name, string Version, long? Bytes, IReadOnlyList<ModelVariantDto> Variants);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(OptimizeVersionRequest))]
[JsonSerializable(typeof(OptimizeVersionResponse))]
[JsonSerializable(typeof(ModelVariantsDto))]
[JsonSerializable(typeof(AccuracyDeltaDto))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class OptimizationApiJsonContext : JsonSerializerContext;
