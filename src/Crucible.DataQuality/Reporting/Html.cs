using System.Globalization;
using System.Net;

namespace Crucible.DataQuality.Reporting;

/// <summary>Escaping and number formatting shared by the report's tables and charts.</summary>
internal static class Html
{
    /// <summary>
    /// Text safe in element content and in double- or single-quoted attributes: control characters become
    /// U+FFFD, then &lt; &gt; &amp; " ' are encoded; <paramref name="max"/> &gt; 0 shortens to that many chars plus "…".
    /// </summary>
    public static string Text(string text, int max = 0)
    {
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

    public static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Compact form for axis labels and bin edges (six significant digits).</summary>
    public static string Short(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Percent(double share) => share.ToString("0.##%", CultureInfo.InvariantCulture);

    /// <summary>Coordinates: two decimals at most, invariant culture.</summary>
    public static string C(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

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
