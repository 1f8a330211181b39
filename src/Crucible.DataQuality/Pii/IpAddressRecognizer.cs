using System.Net;
using System.Net.Sockets;

namespace Crucible.DataQuality.Pii;

/// <summary>
/// IP addresses by parsing, not pattern: dotted-quad IPv4 with four decimal parts 0–255 and no leading
/// zeros; IPv6 in any RFC 4291 text form (with <c>::</c> compression or an embedded IPv4 tail) as accepted by
/// <see cref="IPAddress.TryParse(string, out IPAddress)"/>, restricted to hex digits, colons and dots.
/// </summary>
internal static class IpAddressRecognizer
{
    public static bool IsMatch(string s) => s.Contains(':', StringComparison.Ordinal) ? IsIPv6(s) : IsIPv4(s);

    public static bool IsIPv4(ReadOnlySpan<char> s)
    {
        if (s.Length is < 7 or > 15)
        {
            return false;
        }

        int parts = 0;
        foreach (Range r in s.Split('.'))
        {
            ReadOnlySpan<char> part = s[r];
            if (++parts > 4 || part.Length is 0 or > 3 || !DigitGroups.AllDigits(part) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            int value = 0;
            foreach (char c in part)
            {
                value = (value * 10) + (c - '0');
            }

            if (value > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static bool IsIPv6(string s)
    {
        if (s.Length is < 2 or > 45)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigit(c) && c is not (':' or '.'))
            {
                return false;
            }
        }

        return IPAddress.TryParse(s, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }
}
