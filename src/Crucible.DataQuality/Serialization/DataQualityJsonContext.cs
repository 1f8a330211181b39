using System.Text.Json.Serialization;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Profiling;
using Crucible.DataQuality.Redaction;

namespace Crucible.DataQuality.Serialization;

/// <summary>
/// Source-generated JSON (snake_case, indented, enums as lower-case strings) for everything the data
/// commands print with <c>--json</c> and for redaction provenance.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(PiiColumnResult[]))]
[JsonSerializable(typeof(IReadOnlyList<PiiColumnResult>))]
[JsonSerializable(typeof(DatasetProfile))]
[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(RedactionProvenance))]
public sealed partial class DataQualityJsonContext : JsonSerializerContext;
