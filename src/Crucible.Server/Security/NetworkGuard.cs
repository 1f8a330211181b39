using System.Net;
using System.Net.NetworkInformation;
using Crucible.Core.Errors;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// Refuses, before routing, what a browser or a rebound name could send: a <c>Host</c> header naming a host this
/// server does not answer to (DNS rebinding: a page on <c>evil.example</c> whose name now resolves to 127.0.0.1
/// still sends <c>Host: evil.example</c>) with 400, and a state-changing request (any method but GET, HEAD, OPTIONS,
/// TRACE) from a page on another origin, by its <c>Origin</c> header or <c>Sec-Fetch-Site: cross-site</c>, with 403,
/// unless that origin is one of <see cref="NetworkOptions.CorsOrigins"/>. Clients that are not browsers send neither
/// header and are not affected.
/// </summary>
internal sealed class NetworkGuard
{
    private readonly RequestDelegate _next;
    private readonly HashSet<string> _hosts;
    private readonly bool _anyHost;
    private readonly HashSet<string> _origins;

    public NetworkGuard(RequestDelegate next, ServerOptions options)
    {
        _next = next;
        _hosts = AllowedHosts(options.Host, options.Network.AllowedHosts);
        _anyHost = options.Network.AllowedHosts.Contains("*");
        _origins = new HashSet<string>(options.Network.CorsOrigins, StringComparer.OrdinalIgnoreCase);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var host = request.Host.Host.Trim('[', ']');
        if (!_anyHost && !_hosts.Contains(host))
        {
            throw new CrucibleException(
                ErrorCode.BadRequest, $"This server does not answer to the host name '{request.Host.Host}'; start it with --allowed-hosts to add a name.");
        }

        var method = request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return _next(context);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !_origins.Contains(origin) && !IsOwnOrigin(origin, request.Host))
        {
            throw new CrucibleException(ErrorCode.PermissionDenied, $"A {method} from a page on {origin} is refused: that origin is not this server's and not among its --cors-origins.");
        }

        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase) && !_origins.Contains(origin))
        {
            throw new CrucibleException(ErrorCode.PermissionDenied, $"A cross-site {method} is refused: the page's origin is not among this server's --cors-origins.");
        }

        return _next(context);
    }

    /// <summary>
    /// True when the page's origin is this server as the browser addressed it: the origin's host and port are the
    /// request's <c>Host</c> (the scheme may differ behind a proxy that ends TLS).
    /// </summary>
    private static bool IsOwnOrigin(string origin, HostString host) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", host.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>The bound address, the loopback names, the configured names and, when bound to every address, this machine's name and addresses.</summary>
    internal static HashSet<string> AllowedHosts(string bound, IEnumerable<string> configured)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1", bound.Trim('[', ']') };
        foreach (var name in configured)
        {
            hosts.Add(name.Trim().Trim('[', ']'));
        }

        if (bound is "0.0.0.0" or "::" or "[::]" or "*" or "+")
        {
            hosts.Add(Dns.GetHostName());
            foreach (var address in NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses))
            {
                hosts.Add(address.Address.ToString());
                if (address.Address.IsIPv4MappedToIPv6)
                {
                    hosts.Add(address.Address.MapToIPv4().ToString());
                }
            }
        }

        return hosts;
    }
}
