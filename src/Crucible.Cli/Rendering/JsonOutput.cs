using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Crucible.Cli.Rendering;

/// <summary>Writes <c>--json</c> output: one JSON document and a newline, in the API's own wire shape.</summary>
internal static class JsonOutput
{
    public static async Task WriteAsync<T>(TextWriter output, T value, JsonTypeInfo<T> info)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(value, info));
        await output.FlushAsync();
    }
}
