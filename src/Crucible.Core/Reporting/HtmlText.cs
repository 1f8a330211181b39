using System.Globalization;
using System.Net;

namespace Crucible.Core.Reporting;

/// <summary>Escaping and number formatting for every HTML report and page: one rule, invariant culture.</summary>
public static class HtmlText
{
    /// <summary>
    /// Text safe in element content and in double- or single-quoted attributes: control characters (but tab and
    /// newline) become U+FFFD, then &lt; &gt; &amp; " ' are encoded; <paramref name="max"/> &gt; 0 shortens to that
    /// many characters plus "…" without splitting a surrogate pair.
    /// </summary>
    public static string Encode(string text, int max = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (max > 0 && text.Length > max)
        {
            int cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
            text = string.Concat(text.AsSpan(0, cut), "…");
        }

        if (text.AsSpan().IndexOfAnyInRange('\0', '\x1F') >= 0 || text.Contains('\x7F', StringComparison.Ordinal))
        {
            text = string.Create(text.Length, text, static (span, s) =>
            {
                for (int i = 0; i < s.Length; i++)
                {
                    span[i] = char.IsControl(s[i]) && s[i] is not ('\t' or '\n') ? '\uFFFD' : s[i];
                }
            });
        }

        return WebUtility.HtmlEncode(text);
    }

    /// <summary>A value for a table cell: up to <paramref name="decimals"/> decimals, NaN as "NaN".</summary>
    public static string Number(double value, int decimals = 4) =>
        double.IsNaN(value) ? "NaN" : value.ToString("0." + new string('#', Math.Clamp(decimals, 1, 15)), CultureInfo.InvariantCulture);

    /// <summary>A statistic or p-value: tiny non-zero values in scientific notation, others with 4 decimals.</summary>
    public static string Statistic(double value) =>
        value != 0 && Math.Abs(value) < 1e-4 ? value.ToString("0.###E+0", CultureInfo.InvariantCulture) : Number(value);

    /// <summary>Compact form for axis labels and bin edges (six significant digits).</summary>
    public static string Short(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with up to two decimals.</summary>
    public static string Percent(double share) => share.ToString("0.##%", CultureInfo.InvariantCulture);

    /// <summary>An SVG coordinate: two decimals at most.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A byte count in binary units, with the exact count beside it.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{size:0.##} {units[unit]} ({bytes:N0} bytes)");
    }
}
