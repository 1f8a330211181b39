using System.Text;

namespace Crucible.DataQuality.Pii;

/// <summary>
/// PERSON comes from the header only (values alone cannot tell a name from a word): a header such as
/// name, full_name, first_name, last_name, surname, customer_name, …; then a cell counts when it is
/// shaped like a name: 1–5 words of letters with hyphens, apostrophes, dots or commas, no digits.
/// </summary>
internal static class PersonRecognizer
{
    private static readonly HashSet<string> Hints = new(StringComparer.Ordinal)
    {
        "name", "full_name", "fullname", "first_name", "firstname", "last_name", "lastname", "surname",
        "given_name", "family_name", "middle_name", "maiden_name", "forename", "customer_name", "client_name",
        "contact_name", "person_name", "patient_name", "employee_name", "cardholder_name", "card_holder_name",
        "account_holder", "account_holder_name", "owner_name", "person", "display_name", "legal_name",
        "emergency_contact", "next_of_kin",
    };

    /// <summary>True when a normalized header names a person.</summary>
    public static bool IsHint(string normalizedHeader) =>
        Hints.Contains(normalizedHeader)
        || normalizedHeader.EndsWith("_first_name", StringComparison.Ordinal)
        || normalizedHeader.EndsWith("_last_name", StringComparison.Ordinal)
        || normalizedHeader.EndsWith("_full_name", StringComparison.Ordinal);

    public static bool IsMatch(ReadOnlySpan<char> s)
    {
        if (s.Length is 0 or > 100)
        {
            return false;
        }

        int words = 0;
        bool inWord = false;
        bool letter = false;
        foreach (char c in s)
        {
            if (c == ' ')
            {
                inWord = false;
                continue;
            }

            if (char.IsLetter(c))
            {
                letter = true;
            }
            else if (c is not ('-' or '\'' or '.' or ',' or '\u2019'))
            {
                return false;
            }

            if (!inWord)
            {
                words++;
                inWord = true;
            }
        }

        return letter && words <= 5;
    }

    /// <summary>Lower-case snake_case: camelCase split, anything but letters and digits becomes one underscore.</summary>
    public static string Normalize(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var sb = new StringBuilder(header.Length + 4);
        for (int i = 0; i < header.Length; i++)
        {
            char c = header[i];
            if (char.IsUpper(c) && i > 0 && char.IsLower(header[i - 1]))
            {
                sb.Append('_');
            }

            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        return sb.ToString().Trim('_');
    }
}
