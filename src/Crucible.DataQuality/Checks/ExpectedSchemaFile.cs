using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Reads an expected schema from JSON: either an array of <c>{"name", "type"?, "nullable"?}</c> objects or the
/// output of <c>crucible data profile --json</c> (its <c>columns</c>), so a profile can serve as the contract
/// for later files. Types are integer, float, boolean, datetime or string.
/// </summary>
public static class ExpectedSchemaFile
{
    public static IReadOnlyList<ExpectedColumn> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw CrucibleException.NotFound($"Schema file '{path}' does not exist.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = document.RootElement;
            JsonElement columns = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("columns", out JsonElement c) ? c : root;
            if (columns.ValueKind != JsonValueKind.Array)
            {
                throw CrucibleException.Invalid($"Schema file '{path}' must hold an array of columns or an object with 'columns'.");
            }

            return [.. columns.EnumerateArray().Select(Column)];
        }
        catch (JsonException e)
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"Schema file '{path}' is not valid JSON ({e.Message})", e);
        }
    }

    private static ExpectedColumn Column(JsonElement e)
    {
        string name = e.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : throw CrucibleException.Invalid("Every schema column needs a string 'name'.");
        ColumnType? type = e.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? Type(t.GetString()!) : null;
        bool? nullable = e.TryGetProperty("nullable", out JsonElement b) && b.ValueKind is JsonValueKind.True or JsonValueKind.False ? b.GetBoolean() : null;
        return new ExpectedColumn(name, type, nullable);
    }

    private static ColumnType Type(string name) => name.ToLowerInvariant() switch
    {
        "integer" => ColumnType.Integer,
        "float" => ColumnType.Float,
        "boolean" => ColumnType.Boolean,
        "datetime" => ColumnType.DateTime,
        "string" => ColumnType.String,
        _ => throw CrucibleException.Invalid($"Unknown column type '{name}'; use integer, float, boolean, datetime or string."),
    };
}
