namespace Crucible.DataQuality.Pii;

/// <summary>
/// A whole cell that is one address: a dot-atom local part (≤ 64 chars, no leading, trailing or
/// doubled dot) and a domain of at least two LDH labels ending in an alphabetic TLD of 2+ letters.
/// </summary>
internal static class EmailRecognizer
{
    private const string LocalSpecials = "!#$%&'*+/=?^_`{|}~.-";

    public static bool IsMatch(ReadOnlySpan<char> s)
    {
        int at = s.IndexOf('@');
        if (at <= 0 || at != s.LastIndexOf('@') || at > 64 || s.Length - at - 1 > 253)
        {
            return false;
        }

        ReadOnlySpan<char> local = s[..at];
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !LocalSpecials.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return IsDomain(s[(at + 1)..]);
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        int labels = 0;
        ReadOnlySpan<char> last = default;
        foreach (Range r in domain.Split('.'))
        {
            ReadOnlySpan<char> label = domain[r];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (char c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }

            labels++;
            last = label;
        }

        if (labels < 2 || last.Length < 2)
        {
            return false;
        }

        foreach (char c in last)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
