namespace Crucible.DataQuality.Pii;

/// <summary>
/// Conservative phone numbers; plain digit runs are never phones (too many codes and amounts look alike).
/// <list type="bullet">
/// <item>E.164: <c>+</c>, a non-zero digit, 8–15 digits in all, optionally grouped by spaces, dashes, dots or parentheses;</item>
/// <item>North American: <c>(NXX) NXX-XXXX</c>, <c>NXX-NXX-XXXX</c>, <c>NXX.NXX.XXXX</c>, <c>NXX NXX XXXX</c>, optionally after <c>1 </c>
/// (area code and exchange start with 2–9);</item>
/// <item>trunk-prefix national (UK, DE, FR, …): starts with 0 then 1–9, 10–11 digits in at least two groups of 2–8.</item>
/// </list>
/// </summary>
internal static class PhoneRecognizer
{
    public static bool IsMatch(ReadOnlySpan<char> s, List<int> groups)
    {
        if (s.Length is < 10 or > 24)
        {
            return false;
        }

        return s[0] == '+' ? IsE164(s[1..]) : IsNational(s, groups);
    }

    private static bool IsE164(ReadOnlySpan<char> s)
    {
        int digits = 0;
        char previous = ' ';
        foreach (char c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                if (digits == 0 && c == '0')
                {
                    return false;
                }

                digits++;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')') || (digits > 0 && previous is ' ' or '-' or '.' && c is ' ' or '-' or '.'))
            {
                return false;
            }

            previous = c;
        }

        return digits is >= 8 and <= 15 && char.IsAsciiDigit(s[^1]);
    }

    private static bool IsNational(ReadOnlySpan<char> s, List<int> groups)
    {
        if (!DigitGroups.TrySplit(s, " -.", groups, out string digits, out bool parenthesized))
        {
            return false;
        }

        if (IsNanp(groups, digits, parenthesized))
        {
            return true;
        }

        return !parenthesized && groups.Count >= 2 && digits.Length is 10 or 11 && digits[0] == '0' && digits[1] != '0'
            && groups.TrueForAll(g => g is >= 2 and <= 8);
    }

    private static bool IsNanp(List<int> groups, string digits, bool parenthesized)
    {
        string number = digits;
        int first = 0;
        if (groups.Count == 4 && groups[0] == 1 && digits[0] == '1' && !parenthesized)
        {
            number = digits[1..];
            first = 1;
        }

        return groups.Count - first == 3 && groups[first] == 3 && groups[first + 1] == 3 && groups[first + 2] == 4
            && number[0] is >= '2' and <= '9' && number[3] is >= '2' and <= '9';
    }
}
