using System.Text;

namespace Crucible.DataQuality.Redaction;

/// <summary>Writes RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break.</summary>
public sealed class CsvWriter(TextWriter writer)
{
    private static readonly char[] Special = [',', '"', '\r', '\n'];

    public void WriteRow(IEnumerable<string?> cells)
    {
        bool first = true;
        foreach (string? cell in cells)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            if (cell is null)
            {
                continue;
            }

            if (cell.AsSpan().IndexOfAny(Special) < 0 && cell.Length > 0)
            {
                writer.Write(cell);
            }
            else
            {
                writer.Write('"');
                writer.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
        }

        writer.Write("\r\n");
    }

    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
