using System.Text.Json;
using Crucible.Core.Errors;

namespace Crucible.Serving.Protocols;

/// <summary>Reads a <c>parameters</c> (OIP) or <c>params</c> (MLflow) object: string, number or bool values.</summary>
internal static class ParameterReader
{
    /// <summary>Reads the object the reader is on; integers become <see cref="long"/>, other numbers <see cref="double"/>.</summary>
    public static Dictionary<string, object> Read(ref Utf8JsonReader reader, string where)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw CrucibleException.Invalid($"{where} must be an object, got {JsonTokens.Describe(ref reader)}");
        }

        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            object value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                JsonTokenType.Number when reader.TryGetInt64(out var l) => l,
                JsonTokenType.Number when reader.TryGetDouble(out var d) && double.IsFinite(d) => d,
                JsonTokenType.Number => throw CrucibleException.Invalid($"{where}: '{key}' is out of range: {JsonTokens.Describe(ref reader)}"),
                _ => throw CrucibleException.Invalid($"{where}: '{key}' must be a string, number or bool, got {JsonTokens.Describe(ref reader)}"),
            };
            result[key] = value;
        }

        return result;
    }

    /// <summary>True when the parameter is present and not false: the OIP binary-data extension is being asked for.</summary>
    public static bool AsksForBinary(Dictionary<string, object> parameters, string key) =>
        parameters.TryGetValue(key, out var value) && value is not false;
}
