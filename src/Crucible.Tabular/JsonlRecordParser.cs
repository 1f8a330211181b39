using System.Text;
using System.Text.Json;


namespace Crucible.Tabular;

/// <summary>
/// JSON Lines records: one object per line, blank lines skipped, a key at most once. Strings are taken as they
/// are, numbers as their JSON text, booleans as <c>true</c>/<c>false</c>, null as missing, nested objects and
/// arrays as their JSON text; the reader then applies <see cref="TabularCell.Normalize"/>.
/// </summary>
internal sealed class JsonlRecordParser(Utf8CharSource source, int maxRecordChars)
{
    private readonly StringBuilder _line = new();

    public long RecordLine { get; private set; }

    /// <summary>Reads the next object's members, in order; false at the end of the input.</summary>
    public bool Read(List<KeyValuePair<string, string?>> members)
    {
        members.Clear();
        while (true)
        {
            if (source.Peek() < 0)
            {
                return false;
            }

            RecordLine = source.Line;
            ReadLine();
            if (!string.IsNullOrWhiteSpace(_line.ToString()))
            {
                break;
            }
        }

        try
        {
            using var document = JsonDocument.Parse(_line.ToString());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw TabularDataException.AtLine(RecordLine, $"expected a JSON object, found {document.RootElement.ValueKind}.");
            }

            foreach (JsonProperty p in document.RootElement.EnumerateObject())
            {
                if (members.Exists(m => m.Key == p.Name))
                {
                    throw TabularDataException.AtLine(RecordLine, $"key '{p.Name}' appears twice.");
                }

                members.Add(new(p.Name, Cell(p.Value)));
            }
        }
        catch (JsonException e)
        {
            throw TabularDataException.AtLine(RecordLine, $"invalid JSON ({e.Message})", e);
        }

        return true;
    }

    private static string? Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private void ReadLine()
    {
        _line.Clear();
        int c;
        while ((c = source.Read()) >= 0 && c != '\n')
        {
            if (_line.Length >= maxRecordChars)
            {
                throw TabularDataException.AtLine(RecordLine, $"the line is longer than {maxRecordChars} characters.");
            }

            _line.Append((char)c);
        }

        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }
    }
}
