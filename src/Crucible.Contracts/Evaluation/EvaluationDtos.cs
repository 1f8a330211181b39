using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Contracts.Evaluation;

/// <summary>
/// The body of <c>POST /api/crucible/v1/models/{name}/versions/{version}/evaluations</c>: either
/// <see cref="PredictionsCsv"/> (the version's predictions with labels) or <see cref="DatasetCsv"/> (features plus the
/// label; the server runs the version's ONNX model over it). The other fields are <c>crucible evaluate</c>'s flags.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EvaluateVersionRequest
{
    /// <summary><c>binary</c> (default), <c>multiclass</c> or <c>regression</c>.</summary>
    public string? Task { get; init; }

    public string? PredictionsCsv { get; init; }

    public string? DatasetCsv { get; init; }

    public string? LabelColumn { get; init; }

    public string? PredictionColumn { get; init; }

    public IReadOnlyList<string>? ScoreColumns { get; init; }

    public string? WeightColumn { get; init; }

    public IReadOnlyList<string>? Classes { get; init; }

    public IReadOnlyList<string>? SliceBy { get; init; }

    public string? Sensitive { get; init; }

    public int? MinSliceSize { get; init; }

    public string? Gate { get; init; }

    public int? Bootstrap { get; init; }

    public int? Seed { get; init; }

    public double? ConfidenceLevel { get; init; }

    /// <summary>Dataset mode: columns that are not model features (kept for slicing).</summary>
    public IReadOnlyList<string>? ExcludeColumns { get; init; }

    /// <summary>Dataset mode: the model output holding probabilities or predictions.</summary>
    public string? ScoreOutput { get; init; }

    /// <summary>Names the metrics <c>eval.&lt;dataset_name&gt;.&lt;metric&gt;</c> (default <c>default</c>).</summary>
    public string? DatasetName { get; init; }
}

/// <summary>One comparison of a gate with its two sides.</summary>
public sealed record GateEvidenceDto(string Comparison, double Left, string Operator, double Right, bool Passed);

/// <summary>A gate's outcome.</summary>
public sealed record EvaluationGateDto(string Expression, bool Passed, IReadOnlyList<GateEvidenceDto> Evidence);

/// <summary>
/// The answer to an evaluation: its id, the run the metrics were logged to (null when the version has no source run,
/// then only the version tags are stored and <see cref="Note"/> says so), the overall and fairness metrics by name
/// (logged as <see cref="MetricPrefix"/> + name), the gate, the artifact paths inside the run, and the full result.
/// </summary>
public sealed record EvaluationResponse(
    string EvaluationId,
    string? RunId,
    string DatasetName,
    string MetricPrefix,
    IReadOnlyDictionary<string, double> Metrics,
    EvaluationGateDto? Gate,
    IReadOnlyList<string> Artifacts,
    JsonElement Result)
{
    public string? Note { get; init; }
}

/// <summary>
/// Source-generated JSON for the native evaluation API: snake_case, nulls omitted, NaN and infinities as
/// <c>"NaN"</c>/<c>"Infinity"</c>; unknown request fields are refused (a misspelt option must not be ignored silently).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvaluateVersionRequest))]
[JsonSerializable(typeof(EvaluationResponse))]
public sealed partial class EvaluationApiJsonContext : JsonSerializerContext;
