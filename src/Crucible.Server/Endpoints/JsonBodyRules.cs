using System.Text.Json;
using Crucible.Core.Errors;

namespace Crucible.Server.Endpoints;

/// <summary>
/// What every JSON request body must satisfy before it is bound to a request type, checked once for all families:
/// no list holds <c>null</c> (request types read list elements as present), and no string or property name holds a
/// lone UTF-16 surrogate (<c>"\ud800"</c>), which no text store or encoder downstream can carry. Each refusal is
/// <see cref="ErrorCode.InvalidParameterValue"/> naming the field, e.g. <c>metrics[0]</c>.
/// </summary>
internal static class JsonBodyRules
{
    public static void Check(JsonElement root) => Walk(root, string.Empty);

    // Recursion is bounded by the parser's maximum depth (64 by default), which deeper bodies fail first.
    private static void Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, Join(path, Name(property, path)));
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var at = $"{Field(path)}[{index}]";
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        throw CrucibleException.Invalid($"Invalid value for parameter '{at}': lists must not contain null.");
                    }

                    Walk(item, at);
                    index++;
                }

                break;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw Surrogate(Field(path));
                }

                break;
        }
    }

    private static string Name(JsonProperty property, string path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Surrogate(path.Length == 0 ? "request" : path);
        }
    }

    private static CrucibleException Surrogate(string field) =>
        CrucibleException.Invalid($"Invalid value for parameter '{field}': the text holds a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape), which is not valid Unicode.");

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Field(string path) => path.Length == 0 ? "request" : path;
}
