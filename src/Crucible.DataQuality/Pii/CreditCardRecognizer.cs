namespace Crucible.DataQuality.Pii;

/// <summary>
/// Payment card numbers: 13–19 digits, plain or grouped by one kind of separator (space or dash),
/// a valid Luhn checksum and a length allowed for a known issuer range (IIN): Visa, Mastercard,
/// American Express, Discover, Diners Club, JCB, UnionPay, Maestro, Mir.
/// </summary>
internal static class CreditCardRecognizer
{
    public static bool IsMatch(ReadOnlySpan<char> s, List<int> groups)
    {
        if (s.Length is < 13 or > 23)
        {
            return false;
        }

        string separators = s.Contains(' ') ? " " : "-";
        if (!DigitGroups.TrySplit(s, separators, groups, out string digits, out bool parenthesized) || parenthesized)
        {
            return false;
        }

        return digits.Length is >= 13 and <= 19 && Luhn(digits) && KnownIssuer(digits);
    }

    /// <summary>The Luhn (mod 10) checksum over all digits, check digit last.</summary>
    public static bool Luhn(string digits)
    {
        int sum = 0;
        bool doubled = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i] - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    private static int Prefix(string digits, int n)
    {
        int value = 0;
        for (int i = 0; i < n; i++)
        {
            value = (value * 10) + (digits[i] - '0');
        }

        return value;
    }

    /// <summary>Published issuer identification ranges and their card lengths.</summary>
    public static bool KnownIssuer(string d)
    {
        int len = d.Length;
        int p2 = Prefix(d, 2);
        int p3 = Prefix(d, 3);
        int p4 = Prefix(d, 4);
        int p6 = Prefix(d, 6);
        bool sixteenTo19 = len is >= 16 and <= 19;
        return (d[0] == '4' && len is 13 or 16 or 19)
            || ((p2 is >= 51 and <= 55 || p4 is >= 2221 and <= 2720) && len == 16)
            || (p2 is 34 or 37 && len == 15)
            || ((p4 == 6011 || p3 is >= 644 and <= 649 || p2 == 65 || p6 is >= 622126 and <= 622925) && sixteenTo19)
            || ((p3 is >= 300 and <= 305 || p2 is 36 or 38 or 39) && len is >= 14 and <= 19)
            || (p4 is >= 3528 and <= 3589 && sixteenTo19)
            || (p2 == 62 && sixteenTo19)
            || (p4 is 5018 or 5020 or 5038 or 5893 or 6304 or 6759 or 6761 or 6762 or 6763 && len is >= 13 and <= 19)
            || (p4 is >= 2200 and <= 2204 && sixteenTo19);
    }
}
