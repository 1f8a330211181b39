using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Pipelines.Running;

/// <summary>Parameters and outputs are stored as JSON objects of strings.</summary>
public static class PipelineJson
{
    public static string Write(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(values.ToDictionary(), StringComparer.Ordinal), PipelineJsonContext.Default.SortedDictionaryStringString);

    public static IReadOnlyDictionary<string, string> Read(string json) =>
        JsonSerializer.Deserialize(json, PipelineJsonContext.Default.DictionaryStringString) ?? new Dictionary<string, string>();
}

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class PipelineJsonContext : JsonSerializerContext;
