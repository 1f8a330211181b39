using System.Text.Json;

namespace Crucible.Onnx.Model;

/// <summary>
/// The model metadata key <c>crucible.feature_names</c>: a JSON array of strings naming, in order, the columns of a
/// model's [N, d] input. Built-in trainers write it; any producer may. Monitoring names captured columns by it.
/// </summary>
public static class OnnxFeatureNames
{
    public const string Key = "crucible.feature_names";

    /// <summary>The metadata value for <paramref name="names"/>.</summary>
    public static string Serialize(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The feature names a model declares, or null when it declares none or the value is not a JSON array of distinct,
    /// non-empty strings (a malformed value is ignored, never fatal).
    /// </summary>
    public static IReadOnlyList<string>? Read(OnnxModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.MetadataProps.TryGetValue(Key, out var json) ? Parse(json) : null;
    }

    /// <summary>Parses a metadata value; null when it is not a JSON array of distinct, non-empty strings.</summary>
    public static IReadOnlyList<string>? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var names = new List<string>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } name)
                {
                    return null;
                }

                names.Add(name);
            }

            return names.Count > 0 && names.Distinct(StringComparer.Ordinal).Count() == names.Count ? names : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
