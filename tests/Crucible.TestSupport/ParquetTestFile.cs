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
