using System.Globalization;

namespace Crucible.Cli.Rendering;

/// <summary>How values read in tables: times in ISO 8601 UTC, numbers culture-invariant.</summary>
internal static class Formats
{
    public const string Missing = "-";

    /// <summary>Epoch milliseconds as <c>2026-01-31T12:00:00Z</c>.</summary>
    public static string Time(long? epochMilliseconds) => epochMilliseconds is { } ms and > 0
        ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : Missing;

    /// <summary>A metric value short enough for a table column.</summary>
    public static string Short(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : Missing;

    /// <summary>A metric value with every digit that round-trips.</summary>
    public static string Full(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : Missing;

    public static string Integer(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : Missing;

    /// <summary>The time between two epoch-millisecond instants, e.g. <c>4.2s</c>, <c>1m 05s</c> or <c>1h 02m 03s</c>.</summary>
    public static string Duration(long? start, long? end)
    {
        if (start is not { } s || end is not { } e || e < s)
        {
            return Missing;
        }

        var span = TimeSpan.FromMilliseconds(e - s);
        if (span.TotalMinutes < 1)
        {
            return span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
        }

        return span.TotalHours < 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:00}m {span.Seconds:00}s");
    }

    public static string Text(string? value) => string.IsNullOrEmpty(value) ? Missing : value;
}
