using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Crucible.Tabular;

/// <summary>
/// A Parquet column chunk as text cells, written the way the same value is written in a CSV: numbers in invariant
/// round-trip notation, booleans as <c>true</c>/<c>false</c>, dates as <c>yyyy-MM-dd</c>, timestamps as ISO 8601
/// (UTC with a <c>Z</c>), byte arrays as Base64, nulls as null. The cells then go through the one typing rule.
/// </summary>
internal static class ParquetCells
{
    public static string?[] Read(ParquetRowGroupReader group, DataField field, int rows)
    {
        Type type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        return type switch
        {
            _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => Strings(group, field, rows),
            _ when type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) => Bytes(group, field, rows),
            _ when type == typeof(bool) => Values<bool>(group, field, rows, v => v ? "true" : "false"),
            _ when type == typeof(sbyte) => Values<sbyte>(group, field, rows, Invariant),
            _ when type == typeof(byte) => Values<byte>(group, field, rows, Invariant),
            _ when type == typeof(short) => Values<short>(group, field, rows, Invariant),
            _ when type == typeof(ushort) => Values<ushort>(group, field, rows, Invariant),
            _ when type == typeof(int) => Values<int>(group, field, rows, Invariant),
            _ when type == typeof(uint) => Values<uint>(group, field, rows, Invariant),
            _ when type == typeof(long) => Values<long>(group, field, rows, Invariant),
            _ when type == typeof(ulong) => Values<ulong>(group, field, rows, Invariant),
            _ when type == typeof(float) => Values<float>(group, field, rows, v => v.ToString("R", CultureInfo.InvariantCulture)),
            _ when type == typeof(double) => Values<double>(group, field, rows, v => v.ToString("R", CultureInfo.InvariantCulture)),
            _ when type == typeof(decimal) => Values<decimal>(group, field, rows, Invariant),
            _ when type == typeof(DateTime) => Values<DateTime>(group, field, rows, v => Timestamp(v, field is DateTimeDataField { IsAdjustedToUTC: true })),
            _ when type == typeof(DateOnly) => Values<DateOnly>(group, field, rows, d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            _ when type == typeof(TimeOnly) => Values<TimeOnly>(group, field, rows, t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            _ when type == typeof(TimeSpan) => Values<TimeSpan>(group, field, rows, t => t.ToString("c", CultureInfo.InvariantCulture)),
            _ when type == typeof(Guid) => Values<Guid>(group, field, rows, g => g.ToString("D")),
            _ => throw new NotSupportedException($"Parquet type {type.Name} is not supported."),
        };
    }

    private static string Invariant<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    // A timestamp adjusted to UTC (the Parquet flag, or a UTC value) ends in Z; a local one is converted to UTC first.
    private static string Timestamp(DateTime value, bool adjustedToUtc) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeKind.Utc => value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => value.ToString(adjustedToUtc ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
    };

    private static string?[] Values<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, string> format)
        where T : struct
    {
        var cells = new string?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            group.ReadAsync<T>(field, values.AsMemory(), null).AsTask().GetAwaiter().GetResult();
            for (int i = 0; i < rows; i++)
            {
                cells[i] = values[i] is { } v ? format(v) : null;
            }
        }
        else
        {
            var values = new T[rows];
            group.ReadAsync<T>(field, values.AsMemory(), null).AsTask().GetAwaiter().GetResult();
            for (int i = 0; i < rows; i++)
            {
                cells[i] = format(values[i]);
            }
        }

        return cells;
    }

    private static string?[] Strings(ParquetRowGroupReader group, DataField field, int rows)
    {
        var cells = new string?[rows];
        group.ReadAsync(field, cells.AsMemory(), null).AsTask().GetAwaiter().GetResult();
        return cells;
    }

    private static string?[] Bytes(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new byte[]?[rows];
        group.ReadAsync(field, values.AsMemory(), null).AsTask().GetAwaiter().GetResult();
        return [.. values.Select(v => v is null ? null : Convert.ToBase64String(v))];
    }
}
