using System.Globalization;

namespace Crucible.Tabular;

/// <summary>
/// The one typing rule for cells of every format (see the project README): which cells are missing, which are
/// numbers, booleans, dates, or categorical strings. Invariant culture, no guessing of local formats.
/// </summary>
public static class TabularCell
{
    /// <summary>Cells equal to one of these (exactly, case-sensitive, quoted or not) are missing values.</summary>
    public static readonly IReadOnlySet<string> MissingTokens =
        new HashSet<string>(StringComparer.Ordinal) { "", "NA", "N/A", "#N/A", "null", "NULL", "None", "NaN", "nan" };

    private const int LongestMissingToken = 4;

    /// <summary>True for null, the empty string and the <see cref="MissingTokens"/>.</summary>
    public static bool IsMissing(string? cell) => cell is null || (cell.Length <= LongestMissingToken && MissingTokens.Contains(cell));

    /// <summary>A cell as read: null when missing, else the text.</summary>
    public static string? Normalize(string? cell) => IsMissing(cell) ? null : cell;

    /// <summary>True when a present cell is a number (<see cref="CellKind.Integer"/> or <see cref="CellKind.Float"/>).</summary>
    public static bool TryNumber(string? cell, out double number)
    {
        number = double.NaN;
        return cell is not null && Classify(cell, out number) is CellKind.Integer or CellKind.Float;
    }

    /// <summary>The kind of a present cell; <paramref name="number"/> is its value when it is a number, else NaN.</summary>
    public static CellKind Classify(string cell, out double number)
    {
        ArgumentNullException.ThrowIfNull(cell);
        number = double.NaN;
        if (cell.Length == 0)
        {
            return CellKind.String;
        }

        if (IsInteger(cell) && double.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return CellKind.Integer;
        }

        if (LooksNumeric(cell) && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
        {
            return CellKind.Float;
        }

        number = double.NaN;
        if (cell.Equals("true", StringComparison.OrdinalIgnoreCase) || cell.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return CellKind.Boolean;
        }

        return IsIsoDate(cell) ? CellKind.DateTime : CellKind.String;
    }

    // Digits with an optional sign; a leading zero ("007", "02139") marks a code, not a number.
    private static bool IsInteger(string s)
    {
        int start = s[0] is '+' or '-' ? 1 : 0;
        if (s.Length == start || s.Length - start > 18 || (s[start] == '0' && s.Length - start > 1))
        {
            return false;
        }

        for (int i = start; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksNumeric(string s)
    {
        bool digit = false;
        foreach (char c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (c is not ('+' or '-' or '.' or 'e' or 'E'))
            {
                return false;
            }
        }

        return digit && !(s.Length > 1 && s[0] == '0' && char.IsAsciiDigit(s[1]));
    }

    private static bool IsIsoDate(string s)
    {
        if (s.Length < 10 || s[4] != '-' || s[7] != '-' || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[9]))
        {
            return false;
        }

        if (s.Length == 10)
        {
            return DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        }

        return s[10] is 'T' or ' '
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }
}
