using System.Globalization;

namespace Crucible.Features.Historical;

/// <summary>Event and created timestamps as UTC ticks: ISO 8601 text (UTC unless it says otherwise) or whole seconds since 1970.</summary>
public static class FeatureTimestamps
{
    public static bool TryParse(string? cell, out long ticks)
    {
        ticks = 0;
        if (string.IsNullOrEmpty(cell))
        {
            return false;
        }

        if (long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) && Math.Abs(seconds) < 253_402_300_799L)
        {
            ticks = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks;
            return true;
        }

        if (DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            ticks = parsed.UtcTicks;
            return true;
        }

        return false;
    }

    /// <summary>Ticks back to ISO 8601 UTC text (<c>2026-01-02T03:04:05.0000000Z</c> trimmed to whole seconds where exact).</summary>
    public static string Format(long ticks)
    {
        var value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return value.Ticks % TimeSpan.TicksPerSecond == 0
            ? value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }
}
