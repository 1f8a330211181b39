using System.Text;
using System.Text.Json;
using Crucible.Core.Errors;

namespace Crucible.Storage.Tracking;

/// <summary>
/// A run search's page token: base64 of JSON, as MLflow's are (<c>{"offset": N}</c>), and clients treat it as opaque.
/// Crucible's add where the last page ended: the segment of the search (<see cref="RunSearchSql"/>) and the sort key
/// values of the page's last run, so the next page starts there through the index (keyset paging) instead of
/// skipping N rows. <c>offset</c> still counts the runs before the page; a token with only an offset (MLflow's form)
/// is read as an offset.
/// </summary>
internal sealed record RunPageToken(int Offset, int Segment, IReadOnlyList<object?>? After)
{
    public static readonly RunPageToken First = new(0, 0, null);

    public static RunPageToken Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return First;
        }

        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(token));
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("offset", out var offset) && offset.TryGetInt32(out var skip) && skip >= 0)
            {
                if (!root.TryGetProperty("after", out var after))
                {
                    return new RunPageToken(skip, 0, null);
                }

                if (after.ValueKind == JsonValueKind.Array && root.TryGetProperty("segment", out var segment) && segment.TryGetInt32(out var s) && s >= 0)
                {
                    return new RunPageToken(skip, s, [.. after.EnumerateArray().Select(Value)]);
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw CrucibleException.Invalid($"Invalid page token '{token}': {e.Message}");
        }

        throw CrucibleException.Invalid($"Invalid page token '{token}'.");

        static object? Value(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
            _ => throw new InvalidOperationException("a sort key is a string, a number or null"),
        };
    }

    public string Encode()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("offset", Offset);
            if (After is not null)
            {
                json.WriteNumber("segment", Segment);
                json.WriteStartArray("after");
                foreach (var value in After)
                {
                    switch (value)
                    {
                        case null: json.WriteNullValue(); break;
                        case string s: json.WriteStringValue(s); break;
                        case long l: json.WriteNumberValue(l); break;
                        case double d: json.WriteNumberValue(d); break;
                        default: throw new InvalidOperationException($"Unexpected sort key {value.GetType().Name}.");
                    }
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>An offset-only token (MLflow's form).</summary>
    public static string EncodeOffset(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"offset\": " + offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"));
}
