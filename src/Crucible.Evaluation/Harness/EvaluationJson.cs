using System.Text.Json;
using System.Text.Json.Serialization;
using Crucible.Evaluation.Ablation;

namespace Crucible.Evaluation.Harness;

/// <summary>Source-generated JSON for evaluation results: snake_case properties; metric keys are kept as named.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(EvaluationResult))]
[JsonSerializable(typeof(AblationResult))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;

/// <summary>Writes and reads evaluation results as JSON.</summary>
public static class EvaluationJson
{
    public static string Serialize(EvaluationResult result) => JsonSerializer.Serialize(result, EvaluationJsonContext.Default.EvaluationResult);

    public static EvaluationResult? Deserialize(string json) => JsonSerializer.Deserialize(json, EvaluationJsonContext.Default.EvaluationResult);

    public static string Serialize(AblationResult result) => JsonSerializer.Serialize(result, EvaluationJsonContext.Default.AblationResult);
}
