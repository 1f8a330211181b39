using System.Net;
using System.Net.Sockets;

namespace Crucible.Core.Net;

/// <summary>
/// The HTTP handler outbound webhooks go through: it resolves the host itself, checks every address against
/// <see cref="OutboundTargets"/>, and connects to the address it checked (so a name cannot resolve to a public address
/// for a check and a private one for the connection: DNS rebinding). Redirects are not followed, so a public
/// receiver cannot bounce a signed request to an internal one.
/// </summary>
public static class OutboundHttp
{
    public static SocketsHttpHandler CreateHandler(OutboundTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(targets, context, cancellationToken),
        };
    }

    private static async ValueTask<Stream> ConnectAsync(OutboundTargets targets, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var byName = targets.AllowsName(host);
        var refusals = new List<string>();
        foreach (var address in addresses)
        {
            if (!byName && targets.Refusal(address) is { } reason)
            {
                refusals.Add(reason);
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException)
            {
                socket.Dispose();
                if (address == addresses[^1])
                {
                    throw;
                }
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException(refusals.Count > 0
            ? $"refused to connect to {host}: {refusals[0]}"
            : $"{host} resolved to no address");
    }
}
