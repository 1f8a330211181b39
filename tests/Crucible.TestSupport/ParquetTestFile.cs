using Parquet;
using Parquet.Schema;

namespace Crucible.TestSupport;

/// <summary>A column for <see cref="ParquetTestFile.Write"/>: its name and values (long?[], double?[], bool?[], DateTime?[] or string?[]).</summary>
public sealed record ParquetTestColumn(string Name, Array Values);

/// <summary>Writes small Parquet files with Parquet.Net for tests, in row groups of a given size.</summary>
public static class ParquetTestFile
{
    public static void Write(string path, int rowGroupSize, params ParquetTestColumn[] columns) =>
        WriteAsync(path, rowGroupSize, columns).GetAwaiter().GetResult();

    /// <summary>
    /// Writes text cells (null = missing) as typed Parquet columns, each column as the narrowest of int64, double,
    /// boolean, timestamp (<c>yyyy-MM-dd</c> dates, UTC) or string that holds all its cells.
    /// </summary>
    public static void FromCells(string path, int rowGroupSize, IReadOnlyList<string> names, IReadOnlyList<string?[]> rows)
    {
        var columns = new ParquetTestColumn[names.Count];
        for (int c = 0; c < names.Count; c++)
        {
            string?[] cells = [.. rows.Select(r => r[c])];
            columns[c] = new ParquetTestColumn(names[c], Typed(cells));
        }

        Write(path, rowGroupSize, columns);
    }

    private static Array Typed(string?[] cells)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        bool All(Func<string, bool> parses) => cells.All(v => v is null || parses(v));
        if (All(v => long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, inv, out _) && (v.Length == 1 || v[0] != '0')))
        {
            return cells.Select(v => v is null ? (long?)null : long.Parse(v, inv)).ToArray();
        }

        if (All(v => double.TryParse(v, System.Globalization.NumberStyles.Float, inv, out _)))
        {
            return cells.Select(v => v is null ? (double?)null : double.Parse(v, inv)).ToArray();
        }

        if (All(v => v is "true" or "false"))
        {
            return cells.Select(v => v is null ? (bool?)null : v == "true").ToArray();
        }

        if (All(v => DateTime.TryParseExact(v, "yyyy-MM-dd", inv, System.Globalization.DateTimeStyles.None, out _)))
        {
            return cells.Select(v => v is null ? (DateTime?)null : DateTime.SpecifyKind(DateTime.ParseExact(v, "yyyy-MM-dd", inv), DateTimeKind.Utc)).ToArray();
        }

        return cells;
    }

    private static async Task WriteAsync(string path, int rowGroupSize, ParquetTestColumn[] columns)
    {
        DataField[] fields = [.. columns.Select(Field)];
        int rows = columns[0].Values.Length;
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        for (int start = 0; start < rows; start += rowGroupSize)
        {
            int count = Math.Min(rowGroupSize, rows - start);
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            for (int c = 0; c < columns.Length; c++)
            {
                await WriteColumnAsync(group, fields[c], columns[c].Values, start, count);
            }
        }
    }

    private static DataField Field(ParquetTestColumn column) => column.Values switch
    {
        long?[] => new DataField<long?>(column.Name),
        double?[] => new DataField<double?>(column.Name),
        bool?[] => new DataField<bool?>(column.Name),
        DateTime?[] => new DataField<DateTime?>(column.Name),
        string?[] => new DataField<string>(column.Name),
        _ => throw new ArgumentException($"Unsupported test column type {column.Values.GetType().Name}.", nameof(column)),
    };

    private static Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, Array values, int start, int count) => values switch
    {
        long?[] v => group.WriteAsync<long>(field, v.AsMemory(start, count)),
        double?[] v => group.WriteAsync<double>(field, v.AsMemory(start, count)),
        bool?[] v => group.WriteAsync<bool>(field, v.AsMemory(start, count)),
        DateTime?[] v => group.WriteAsync<DateTime>(field, v.AsMemory(start, count)),
        string?[] v => group.WriteAsync(field, v.Skip(start).Take(count).ToArray()),
        _ => throw new ArgumentException("Unsupported column.", nameof(values)),
    };
}
