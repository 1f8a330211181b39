using System.Globalization;

namespace Crucible.Pipelines.Specs;

/// <summary>Durations as pipeline files write them: a whole number and a unit, <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>2d</c>; <c>0</c> is zero.</summary>
public static class Durations
{
    public const string Syntax = "a whole number with s, m, h or d, e.g. 30s, 15m, 1h";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000_000)
        {
            return false;
        }

        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is not { } u)
        {
            return false;
        }

        duration = u * n;
        return true;
    }
}
