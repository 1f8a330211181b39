using System.Globalization;
using System.Text.Json;

namespace Crucible.Evaluation.Inputs;

/// <summary>Reads JSON Lines: one object per line; a key missing from a row is a missing value.</summary>
internal static class JsonLinesPredictionReader
{
    public static RawColumns Read(TextReader reader, string source)
    {
        var raw = new RawColumns(source);
        var byName = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"{source}: line {lineNumber} is not valid JSON: {e.Message}"), lineNumber, null);
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new EvaluationInputException(
                        string.Create(CultureInfo.InvariantCulture, $"{source}: line {lineNumber} is not a JSON object."), lineNumber, null);
                }

                raw.Lines.Add(lineNumber);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!byName.TryGetValue(property.Name, out var column))
                    {
                        column = raw.AddColumn(property.Name);
                        column.RemoveAt(column.Count - 1);
                        byName.Add(property.Name, column);
                    }

                    if (column.Count == raw.RowCount)
                    {
                        throw new EvaluationInputException(
                            string.Create(CultureInfo.InvariantCulture, $"{source}: line {lineNumber} repeats key '{property.Name}'."),
                            lineNumber,
                            property.Name);
                    }

                    column.Add(Cell(property.Value));
                }

                foreach (var column in byName.Values)
                {
                    if (column.Count < raw.RowCount)
                    {
                        column.Add(null);
                    }
                }
            }
        }

        return raw;
    }

    private static string? Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
