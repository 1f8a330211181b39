using System.Text;
using System.Text.Json;

namespace Crucible.Serving.Protocols;

/// <summary>Describes JSON tokens in error messages, shortened so a huge value cannot flood a response.</summary>
internal static class JsonTokens
{
    private const int MaxShown = 40;

    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => Shorten(reader.ValueSpan),
        JsonTokenType.String => "a string \"" + Shorten(reader.ValueSpan) + "\"",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.EndArray => "the end of an array",
        JsonTokenType.EndObject => "the end of an object",
        _ => reader.TokenType.ToString(),
    };

    public static string Kind(JsonTokenType type) => type switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.String => "a string",
        JsonTokenType.True or JsonTokenType.False => "a bool",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => type.ToString(),
    };

    private static string Shorten(ReadOnlySpan<byte> raw)
    {
        var text = Encoding.UTF8.GetString(raw.Length > MaxShown ? raw[..MaxShown] : raw);
        return raw.Length > MaxShown ? text + "..." : text;
    }
}
