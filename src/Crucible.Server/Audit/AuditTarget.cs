using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Crucible.Server.Audit;

/// <summary>
/// What an audit row names as its target: the route values, then the id fields a small JSON or form body names
/// at its top level (<see cref="BodyFields"/>, an allow-list: a password, token or secret is never among them,
/// whatever the body holds), as one compact JSON object of strings, each value cut to <see cref="MaxValue"/> chars.
/// </summary>
internal static class AuditTarget
{
    /// <summary>Bodies larger than this (or of unknown length) are not read for ids: uploads stay unbuffered.</summary>
    public const int MaxBody = 64 * 1024;

    public const int MaxValue = 200;

    private const int MaxFields = 12;

    /// <summary>Top-level body fields recorded: MLflow's and the native API's ids, and the login form's user name.</summary>
    private static readonly HashSet<string> BodyFields = new(StringComparer.Ordinal)
    {
        "experiment_id", "run_id", "run_uuid", "name", "new_name", "version", "alias", "model_id", "deployment",
        "dataset", "monitor_id", "pipeline", "username", "user", "stage", "key", "card_digest",
    };

    /// <summary>
    /// Reads the allow-listed ids of a JSON or form body of at most <see cref="MaxBody"/> bytes (declared or chunked)
    /// and puts the bytes read back in front of the body, so the handler reads it whole and a larger body streams on
    /// unbuffered; null when the body is not parsed (no body, too large, another type).
    /// </summary>
    public static async Task<List<KeyValuePair<string, string>>?> ReadBodyIdsAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 or > MaxBody || request.ContentType is not { } contentType)
        {
            return null;
        }

        var json = contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        var form = contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!json && !form)
        {
            return null;
        }

        // A declared length is exact (Kestrel enforces it); a chunked body is read one byte past the limit to know it is larger.
        var buffer = new byte[request.ContentLength ?? (MaxBody + 1)];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await request.Body.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        request.Body = new PrefixedStream(buffer.AsMemory(0, read), request.Body);
        if (read > MaxBody)
        {
            return null;
        }

        return json ? FromJson(buffer.AsSpan(0, read)) : FromForm(Encoding.UTF8.GetString(buffer, 0, read));
    }

    /// <summary>The target object: route values first, then body ids a route value has not already named.</summary>
    public static string Build(RouteValueDictionary routeValues, IEnumerable<KeyValuePair<string, string>>? bodyIds, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in routeValues)
        {
            if (value?.ToString() is { } text)
            {
                fields.Add(new(key, text));
            }
        }

        foreach (var pair in (bodyIds ?? []).Concat(extra ?? []))
        {
            if (!fields.Exists(f => f.Key == pair.Key))
            {
                fields.Add(pair);
            }
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in fields.Take(MaxFields))
            {
                writer.WriteString(Cut(key), Cut(value));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Cut(string text) => text.Length <= MaxValue ? text : text[..MaxValue];

    private static List<KeyValuePair<string, string>>? FromJson(ReadOnlySpan<byte> body)
    {
        var ids = new List<KeyValuePair<string, string>>();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (BodyFields.Contains(name) && reader.TokenType is JsonTokenType.String or JsonTokenType.Number && ids.Count < MaxFields)
                {
                    ids.Add(new(name, reader.TokenType == JsonTokenType.String ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan)));
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // The handler answers a malformed body; the row keeps the ids read before the error.
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate in a string: skip the rest.
        }

        return ids;
    }

    private static List<KeyValuePair<string, string>> FromForm(string body) =>
        [.. QueryHelpers.ParseQuery(body)
            .Where(p => BodyFields.Contains(p.Key))
            .Take(MaxFields)
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString()))];
}
