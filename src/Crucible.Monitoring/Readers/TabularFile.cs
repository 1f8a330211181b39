using Crucible.Monitoring.Profiles;

namespace Crucible.Monitoring.Readers;

/// <summary>File formats read for profiling.</summary>
public enum TabularFormat
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>JSON Lines: one object per line.</summary>
    JsonLines,
}

/// <summary>A column of a data file and its inferred type.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Numeric">True when every non-missing value parses as a double (and there is at least one).</param>
public sealed record TabularColumn(string Name, bool Numeric);

/// <summary>
/// Streams CSV or JSON Lines files into profiles with bounded memory. Two passes: the first infers
/// each column's type (numeric when every non-missing value parses as a double, else
/// categorical), the second feeds a <see cref="ProfileBuilder"/>. Problems raise
/// <see cref="DataFileException"/> with the line number.
/// </summary>
public static class TabularFile
{
    /// <summary>Format from the extension: .jsonl/.ndjson/.json are JSON Lines, everything else CSV.</summary>
    public static TabularFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string ext = Path.GetExtension(path).ToUpperInvariant();
        return ext is ".JSONL" or ".NDJSON" or ".JSON" ? TabularFormat.JsonLines : TabularFormat.Csv;
    }

    /// <summary>First pass: the columns and their inferred types.</summary>
    public static IReadOnlyList<TabularColumn> Inspect(string path)
    {
        using IRecordReader reader = Open(path);
        var numeric = new List<bool>();
        var anyValue = new List<bool>();
        while (reader.ReadRecord())
        {
            while (numeric.Count < reader.Columns.Count)
            {
                numeric.Add(true);
                anyValue.Add(false);
            }

            for (int f = 0; f < reader.FieldCount; f++)
            {
                int c = reader.ColumnOf(f);
                if (reader.IsNull(f))
                {
                    continue;
                }

                anyValue[c] = true;
                if (numeric[c] && !reader.TryGetDouble(f, out _))
                {
                    numeric[c] = false;
                }
            }
        }

        return reader.Columns.Select((name, i) => new TabularColumn(name, i < numeric.Count && numeric[i] && anyValue[i])).ToList();
    }

    /// <summary>
    /// The file's columns, counted until more than <paramref name="limit"/> are seen (then returns a number past the
    /// limit without reading further): a CSV's header decides at once, JSON Lines is read until its keys pass the limit.
    /// </summary>
    public static int CountColumns(string path, int limit)
    {
        using IRecordReader reader = Open(path);
        while (reader.Columns.Count <= limit && reader.ReadRecord())
        {
        }

        return reader.Columns.Count;
    }

    /// <summary>Profiles a file (two streaming passes).</summary>
    public static DatasetProfile Profile(string path, ProfileOptions? options = null, IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        IReadOnlyList<TabularColumn> schema = Inspect(path);
        var builder = new ProfileBuilder(options);
        ColumnProfile[] columns = schema.Select(c => builder.Column(c.Name)).ToArray();
        using IRecordReader reader = Open(path);
        long rows = 0;
        while (reader.ReadRecord())
        {
            rows++;
            for (int f = 0; f < reader.FieldCount; f++)
            {
                int c = reader.ColumnOf(f);
                ColumnProfile column = columns[c];
                if (reader.IsNull(f))
                {
                    column.AddNull();
                }
                else if (schema[c].Numeric && reader.TryGetDouble(f, out double value))
                {
                    column.Add(value);
                }
                else
                {
                    column.Add(reader.GetString(f));
                }
            }
        }

        builder.CountRows(rows);
        return builder.Build(tags: tags);
    }

    /// <summary>Reads a whole file into memory, one array per column (for exact drift on small data).</summary>
    public static RawTable ReadRaw(string path)
    {
        IReadOnlyList<TabularColumn> schema = Inspect(path);
        var numbers = schema.Select(c => c.Numeric ? new List<double>() : null).ToArray();
        var strings = schema.Select(c => c.Numeric ? null : new List<string?>()).ToArray();
        using IRecordReader reader = Open(path);
        long rows = 0;
        while (reader.ReadRecord())
        {
            rows++;
            for (int f = 0; f < reader.FieldCount; f++)
            {
                int c = reader.ColumnOf(f);
                Pad(numbers[c], strings[c], rows - 1);
                bool isNull = reader.IsNull(f);
                if (numbers[c] is { } n)
                {
                    n.Add(!isNull && reader.TryGetDouble(f, out double v) ? v : double.NaN);
                }
                else
                {
                    strings[c]!.Add(isNull ? null : reader.GetString(f));
                }
            }
        }

        for (int c = 0; c < schema.Count; c++)
        {
            Pad(numbers[c], strings[c], rows);
        }

        return new RawTable(rows, schema.Select((col, c) => new RawColumn(col.Name, numbers[c]?.ToArray(), strings[c]?.ToArray())).ToList());
    }

    private static void Pad(List<double>? numbers, List<string?>? strings, long count)
    {
        while (numbers is not null && numbers.Count < count)
        {
            numbers.Add(double.NaN);
        }

        while (strings is not null && strings.Count < count)
        {
            strings.Add(null);
        }
    }

    private static IRecordReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, 0, $"cannot open the file ({e.Message}).", e);
        }

        try
        {
            return FormatOf(path) == TabularFormat.JsonLines ? new JsonLinesRecordReader(stream, path) : new CsvRecordReader(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
