using System.Net;
using System.Net.Sockets;
using Crucible.Core.Errors;

namespace Crucible.Core.Net;

/// <summary>
/// Where the server may send webhooks and notifications (server-side request forgery rules). Public addresses are
/// allowed; loopback, link-local (169.254/16, fe80::/10), private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7),
/// unspecified and multicast addresses are refused unless the operator allows a host name (exact, any case) or a
/// network (CIDR) with <c>--allow-webhook-hosts</c>. A URL is checked twice: when it is saved (its literal host) and
/// when it is sent (every address its name resolves to, through <see cref="OutboundHttp"/>).
/// </summary>
public sealed class OutboundTargets
{
    private readonly HashSet<string> _hosts;
    private readonly IReadOnlyList<IPNetwork> _networks;

    /// <summary>Entries are host names or CIDR networks (<c>10.0.0.0/8</c>, <c>127.0.0.1/32</c>); a bare address is its /32 or /128.</summary>
    public OutboundTargets(IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        _hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var networks = new List<IPNetwork>();
        foreach (var raw in allowed.Select(a => a.Trim()).Where(a => a.Length > 0))
        {
            if (IPNetwork.TryParse(raw, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(raw.Trim('[', ']'), out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (Uri.CheckHostName(raw) == UriHostNameType.Dns)
            {
                _hosts.Add(raw.TrimEnd('.'));
            }
            else
            {
                throw CrucibleException.Invalid($"'{raw}' in the allowed webhook hosts is neither a host name, an address nor a CIDR network.");
            }
        }

        _networks = networks;
    }

    /// <summary>No exceptions: only public addresses.</summary>
    public static OutboundTargets PublicOnly { get; } = new([]);

    /// <summary>
    /// Checks a URL about to be saved: an http(s) URL whose literal host (an address, or <c>localhost</c>) is not in a
    /// refused range. Names are resolved when sending. Throws <c>InvalidParameterValue</c> naming <paramref name="field"/>.
    /// </summary>
    public void CheckUrl(string url, string field)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CrucibleException.Invalid($"{field} must be an absolute http or https URL, got '{url}'.");
        }

        if (Refusal(uri.IdnHost) is { } reason)
        {
            throw CrucibleException.Invalid($"{field} '{uri.GetLeftPart(UriPartial.Authority)}' is refused: {reason}.");
        }
    }

    /// <summary>Why a host as written may not be sent to, or null when it may (a name passes here and is checked once resolved).</summary>
    public string? Refusal(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim('[', ']').TrimEnd('.');
        if (_hosts.Contains(name))
        {
            return null;
        }

        if (IPAddress.TryParse(name, out var address))
        {
            return Refusal(address);
        }

        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? Because("localhost", "loopback")
            : null;
    }

    /// <summary>True when the host name itself is allowed (then any address it resolves to is).</summary>
    public bool AllowsName(string host) => _hosts.Contains(host.Trim('[', ']').TrimEnd('.'));

    /// <summary>Why an address may not be connected to, or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (_networks.Any(n => n.Contains(address)))
        {
            return null;
        }

        return Range(address) is { } range ? Because(address.ToString(), range) : null;
    }

    /// <summary>The refused range an address is in, or null for a public address.</summary>
    public static string? Range(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "unspecified",
                10 => "private",
                100 when (b[1] & 0xC0) == 64 => "private (carrier-grade NAT)",
                169 when b[1] == 254 => "link-local",
                172 when (b[1] & 0xF0) == 16 => "private",
                192 when b[1] == 168 => "private",
                >= 224 and <= 239 => "multicast",
                255 => "broadcast",
                _ => null,
            };
        }

        if (address.IsIPv6LinkLocal)
        {
            return "link-local";
        }

        if (address.IsIPv6Multicast)
        {
            return "multicast";
        }

        var first = address.GetAddressBytes()[0];
        return (first & 0xFE) == 0xFC ? "private (unique local)" : address.IsIPv6SiteLocal ? "private (site-local)" : null;
    }

    private static string Because(string what, string range) =>
        $"{what} is {("aeiou".Contains(range[0], StringComparison.Ordinal) ? "an" : "a")} {range} address, which this server does not send to (SSRF protection); allow it with --allow-webhook-hosts";
}
