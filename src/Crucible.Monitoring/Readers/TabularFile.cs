using Crucible.Stats.Profiles;
using Crucible.Tabular;

namespace Crucible.Monitoring.Readers;

/// <summary>A column of a data file and its inferred type.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Numeric">True when every present value is a number under <see cref="TabularCell"/>'s rule (and there is at least one).</param>
public sealed record TabularColumn(string Name, bool Numeric);

/// <summary>
/// Profiles CSV, JSON Lines or Parquet files through <see cref="TabularReader"/> with bounded memory. Two passes: the
/// first infers each column's type (numeric when every present value is a number, else categorical), the second
/// feeds a <see cref="ProfileBuilder"/>. JSON Lines keys may appear after the first object (absent keys are missing).
/// Problems raise <see cref="TabularDataException"/> naming the file and line (or row group and row).
/// </summary>
public static class TabularFile
{
    private static readonly TabularOptions Options = new() { AllowNewJsonKeys = true };

    /// <summary>First pass: the columns and their inferred types.</summary>
    public static IReadOnlyList<TabularColumn> Inspect(string path)
    {
        using TabularReader reader = TabularReader.Open(path, Options);
        var numeric = new List<bool>();
        var anyValue = new List<bool>();
        while (reader.TryReadRow(out string?[]? row))
        {
            while (numeric.Count < row.Length)
            {
                numeric.Add(true);
                anyValue.Add(false);
            }

            for (int c = 0; c < row.Length; c++)
            {
                if (row[c] is { } cell)
                {
                    anyValue[c] = true;
                    numeric[c] = numeric[c] && TabularCell.TryNumber(cell, out _);
                }
            }
        }

        return [.. reader.Columns.Select((name, i) => new TabularColumn(name, i < numeric.Count && numeric[i] && anyValue[i]))];
    }

    /// <summary>
    /// The file's columns, counted until more than <paramref name="limit"/> are seen (then returns a number past the
    /// limit without reading further): a CSV's header and a Parquet schema decide at once, JSON Lines is read until its keys pass the limit.
    /// </summary>
    public static int CountColumns(string path, int limit)
    {
        using TabularReader reader = TabularReader.Open(path, Options);
        while (reader.Columns.Count <= limit && reader.TryReadRow(out _))
        {
        }

        return reader.Columns.Count;
    }

    /// <summary>Profiles a file (two streaming passes).</summary>
    public static DatasetProfile Profile(string path, ProfileOptions? options = null, IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        IReadOnlyList<TabularColumn> schema = Inspect(path);
        var builder = new ProfileBuilder(options);
        ColumnProfile[] columns = [.. schema.Select(c => builder.Column(c.Name))];
        using TabularReader reader = TabularReader.Open(path, Options);
        long rows = 0;
        while (reader.TryReadRow(out string?[]? row))
        {
            rows++;
            for (int c = 0; c < columns.Length; c++)
            {
                string? cell = c < row.Length ? row[c] : null;
                if (cell is null)
                {
                    columns[c].AddNull();
                }
                else if (schema[c].Numeric && TabularCell.TryNumber(cell, out double value))
                {
                    columns[c].Add(value);
                }
                else
                {
                    columns[c].Add(cell);
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
        List<double>?[] numbers = [.. schema.Select(c => c.Numeric ? new List<double>() : null)];
        List<string?>?[] strings = [.. schema.Select(c => c.Numeric ? null : new List<string?>())];
        using TabularReader reader = TabularReader.Open(path, Options);
        long rows = 0;
        while (reader.TryReadRow(out string?[]? row))
        {
            rows++;
            for (int c = 0; c < schema.Count; c++)
            {
                string? cell = c < row.Length ? row[c] : null;
                if (numbers[c] is { } n)
                {
                    n.Add(TabularCell.TryNumber(cell, out double v) ? v : double.NaN);
                }
                else
                {
                    strings[c]!.Add(cell);
                }
            }
        }

        return new RawTable(rows, [.. schema.Select((col, c) => new RawColumn(col.Name, numbers[c]?.ToArray(), strings[c]?.ToArray()))]);
    }
}
