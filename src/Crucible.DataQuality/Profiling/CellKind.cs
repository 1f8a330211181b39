using System.Globalization;

namespace Crucible.DataQuality.Profiling;

/// <summary>The type one cell parses as.</summary>
internal enum CellKind
{
    Integer,
    Float,
    Boolean,
    DateTime,
    String,
}

/// <summary>Classifies single cells; invariant culture, no guessing of local formats.</summary>
internal static class CellClassifier
{
    public const int KindCount = 5;

    public static CellKind Classify(string s, out double number)
    {
        number = double.NaN;
        if (s.Length == 0)
        {
            return CellKind.String;
        }

        if (IsInteger(s) && double.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return CellKind.Integer;
        }

        if (LooksNumeric(s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
        {
            return CellKind.Float;
        }

        number = double.NaN;
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return CellKind.Boolean;
        }

        return IsIsoDate(s) ? CellKind.DateTime : CellKind.String;
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
