namespace Crucible.DataQuality.Pii;

/// <summary>
/// Splits text like <c>(212) 555-0142</c> or <c>4111 1111 1111 1111</c> into runs of digits separated by
/// single separators; parentheses are allowed only around the first group.
/// </summary>
internal static class DigitGroups
{
    public static bool TrySplit(ReadOnlySpan<char> s, string separators, List<int> lengths, out string digits, out bool parenthesized)
    {
        lengths.Clear();
        digits = string.Empty;
        parenthesized = false;
        Span<char> buffer = stackalloc char[32];
        int n = 0;
        int i = 0;
        if (s.Length > 0 && s[0] == '(')
        {
            int close = s.IndexOf(')');
            if (close < 2 || !AllDigits(s[1..close]) || close - 1 > buffer.Length)
            {
                return false;
            }

            s[1..close].CopyTo(buffer);
            n = close - 1;
            lengths.Add(n);
            parenthesized = true;
            i = close + 1;
            if (i < s.Length && separators.Contains(s[i], StringComparison.Ordinal))
            {
                i++;
            }
        }

        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (n == buffer.Length)
                {
                    return false;
                }

                buffer[n++] = s[i++];
            }

            if (i == start)
            {
                return false;
            }

            lengths.Add(i - start);
            if (i == s.Length)
            {
                break;
            }

            if (!separators.Contains(s[i], StringComparison.Ordinal) || i + 1 == s.Length)
            {
                return false;
            }

            i++;
        }

        digits = new string(buffer[..n]);
        return n > 0;
    }

    public static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return s.Length > 0;
    }
}
