namespace Crucible.DataQuality.Pii;

/// <summary>
/// US Social Security numbers written <c>AAA-GG-SSSS</c> (or with spaces; plain nine digits only under an
/// SSN-like header): area not 000, 666 or 900–999, group not 00, serial not 0000, not one repeated digit,
/// and not the well-known invalid 078-05-1120 and 123-45-6789.
/// </summary>
internal static class SsnRecognizer
{
    public static bool IsMatch(ReadOnlySpan<char> s, bool headerHint, List<int> groups)
    {
        if (s.Length is not (9 or 11))
        {
            return false;
        }

        string separators = s.Contains(' ') ? " " : "-";
        if (!DigitGroups.TrySplit(s, separators, groups, out string d, out bool parenthesized) || parenthesized || d.Length != 9)
        {
            return false;
        }

        bool shaped = groups is [3, 2, 4] || (headerHint && groups is [9]);
        return shaped && IsValid(d);
    }

    public static bool IsValid(string d)
    {
        ReadOnlySpan<char> area = d.AsSpan(0, 3);
        return !area.SequenceEqual("000") && !area.SequenceEqual("666") && d[0] != '9'
            && !d.AsSpan(3, 2).SequenceEqual("00") && !d.AsSpan(5, 4).SequenceEqual("0000")
            && d.AsSpan().IndexOfAnyExcept(d[0]) >= 0
            && d is not ("078051120" or "123456789");
    }

    /// <summary>Headers such as ssn, SSN, social_security_number, customer_ssn.</summary>
    public static bool IsHint(string normalizedHeader) =>
        normalizedHeader is "ssn" || normalizedHeader.StartsWith("ssn_", StringComparison.Ordinal)
        || normalizedHeader.EndsWith("_ssn", StringComparison.Ordinal) || normalizedHeader.Contains("social_security", StringComparison.Ordinal);
}
