using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Monitoring.Drift;

/// <summary>Source-generated JSON (snake_case) for drift reports.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DriftReport))]
public sealed partial class DriftJsonContext : JsonSerializerContext;

/// <summary>Reads and writes <see cref="DriftReport"/> as JSON.</summary>
public static class DriftJson
{
    /// <summary>The report as indented snake_case JSON.</summary>
    public static string Serialize(DriftReport report) => JsonSerializer.Serialize(report, DriftJsonContext.Default.DriftReport);

    /// <summary>Parses a report written by <see cref="Serialize"/>.</summary>
    public static DriftReport Deserialize(string json) =>
        JsonSerializer.Deserialize(json, DriftJsonContext.Default.DriftReport)
        ?? throw new JsonException("The JSON holds no drift report.");
}
