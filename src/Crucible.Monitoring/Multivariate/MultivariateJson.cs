using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Monitoring.Multivariate;

/// <summary>Source-generated JSON (snake_case) for multivariate drift reports.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(MultivariateReport))]
public sealed partial class MultivariateJsonContext : JsonSerializerContext;

/// <summary>Reads and writes <see cref="MultivariateReport"/> as JSON.</summary>
public static class MultivariateJson
{
    /// <summary>The report as indented snake_case JSON.</summary>
    public static string Serialize(MultivariateReport report) => JsonSerializer.Serialize(report, MultivariateJsonContext.Default.MultivariateReport);

    /// <summary>Parses a report written by <see cref="Serialize"/>.</summary>
    public static MultivariateReport Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MultivariateJsonContext.Default.MultivariateReport)
        ?? throw new JsonException("The JSON holds no multivariate report.");
}
