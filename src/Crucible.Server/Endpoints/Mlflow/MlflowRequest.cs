using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Crucible.Core.Errors;
using Crucible.Server.Hosting;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>
/// Reads an MLflow request message as MLflow's server does: from the query string for GET (repeated keys
/// become lists) and from the JSON body otherwise, falling back to the body for a GET with no query.
/// Malformed JSON and wrong types become <c>BAD_REQUEST</c>/<c>INVALID_PARAMETER_VALUE</c>, never a 500; every body
/// passes <see cref="JsonBodyRules"/> first (no null list elements, no lone surrogates), and a body over the limit is a 413.
/// The native API and the pipelines API read their JSON bodies here too.
/// </summary>
internal static class MlflowRequest
{
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> info)
    {
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method)) && request.Query.Count > 0)
        {
            return Deserialize(FromQuery(request.Query, info), info);
        }

        var limit = context.RequestServices.GetRequiredService<ServerOptions>().MaxJsonBodyBytes;
        var body = await ReadBodyAsync(request, limit, context.RequestAborted);
        return Deserialize(body.Length == 0 ? "{}"u8.ToArray() : body, info);
    }

    internal static T Deserialize<T>(byte[] json, JsonTypeInfo<T> info)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw CrucibleException.Invalid($"Invalid request body: expected a JSON object but got {document.RootElement.ValueKind}.");
            }

            JsonBodyRules.Check(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new CrucibleException(ErrorCode.BadRequest, $"Malformed JSON in request body: {e.Message}");
        }

        try
        {
            return JsonSerializer.Deserialize(json, info)
                ?? throw CrucibleException.Invalid("Invalid request body: expected a JSON object.");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "request" : e.Path.TrimStart('$', '.');
            throw CrucibleException.Invalid($"Invalid value for parameter '{field}': it has the wrong type (a number, string, list or object was expected by the API and something else came).");
        }
    }

    private static byte[] FromQuery<T>(IQueryCollection query, JsonTypeInfo<T> info)
    {
        var node = new JsonObject();
        foreach (var property in info.Properties)
        {
            if (!query.TryGetValue(property.Name, out var values))
            {
                continue;
            }

            var isList = property.PropertyType != typeof(string) && property.PropertyType.IsAssignableTo(typeof(System.Collections.IEnumerable));
            var isBool = property.PropertyType == typeof(bool) || property.PropertyType == typeof(bool?);
            node[property.Name] = isList
                ? new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                : isBool && bool.TryParse(values[^1], out var flag) ? JsonValue.Create(flag) : JsonValue.Create(values[^1]);
        }

        return JsonSerializer.SerializeToUtf8Bytes(node, JsonNodeContext.Default.JsonObject);
    }

    internal static async Task<byte[]> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge($"Request body of {request.ContentLength} bytes exceeds the limit of {limit} bytes.");
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw TooLarge($"Request body exceeds the limit of {limit} bytes.");
            }
        }
    }

    /// <summary>A 413 in the family's format.</summary>
    internal static CrucibleException TooLarge(string message) => new(ErrorCode.PayloadTooLarge, message);
}
