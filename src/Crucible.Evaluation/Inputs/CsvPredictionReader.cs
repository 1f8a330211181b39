using System.Globalization;
using System.Text;

namespace Crucible.Evaluation.Inputs;

/// <summary>Reads a CSV file with a header line, line by line (RFC 4180 quoting within a line).</summary>
internal static class CsvPredictionReader
{
    public static RawColumns Read(TextReader reader, string source)
    {
        var headerLine = reader.ReadLine()
            ?? throw new EvaluationInputException($"{source}: the file is empty; a header line is expected.", 1, null);
        var header = SplitLine(headerLine, source, 1);
        var raw = new RawColumns(source);
        var columns = new List<string?>[header.Count];
        for (var c = 0; c < header.Count; c++)
        {
            var name = header[c].Trim();
            if (name.Length == 0 || raw.Has(name))
            {
                throw new EvaluationInputException(
                    $"{source}: line 1: header column {c + 1} is {(name.Length == 0 ? "empty" : $"a duplicate of '{name}'")}.", 1, name);
            }

            columns[c] = raw.AddColumn(name);
        }

        long lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = SplitLine(line, source, lineNumber);
            if (fields.Count != header.Count)
            {
                throw new EvaluationInputException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{source}: line {lineNumber} has {fields.Count} fields but the header has {header.Count}."),
                    lineNumber,
                    null);
            }

            raw.Lines.Add(lineNumber);
            for (var c = 0; c < fields.Count; c++)
            {
                columns[c].Add(fields[c].Length == 0 ? null : fields[c]);
            }
        }

        return raw;
    }

    /// <summary>Splits one line on commas; a double quote opens a quoted field where "" is a literal quote.</summary>
    internal static List<string> SplitLine(string line, string source, long lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch != '\r' || i != line.Length - 1)
            {
                field.Append(ch);
            }
        }

        if (quoted)
        {
            throw new EvaluationInputException(
                string.Create(CultureInfo.InvariantCulture, $"{source}: line {lineNumber}: a quoted field is not closed."), lineNumber, null);
        }

        fields.Add(field.ToString());
        return fields;
    }
}
