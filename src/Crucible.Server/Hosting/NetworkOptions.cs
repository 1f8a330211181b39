namespace Crucible.Server.Hosting;

/// <summary>
/// What the server answers to on the network and from browsers (the CLI's <c>--allowed-hosts</c>,
/// <c>--cors-origins</c>, <c>--tls-cert</c>, <c>--tls-key</c>, <c>--grpc-port</c> on <c>crucible server</c> and <c>crucible serve</c>).
/// See docs/security.md, "Running behind TLS and a reverse proxy".
/// </summary>
public sealed record NetworkOptions
{
    /// <summary>
    /// Host names (or addresses) accepted in the <c>Host</c> header besides the bound address, <c>localhost</c>,
    /// <c>127.0.0.1</c> and <c>::1</c> (and, when bound to every address, this machine's name and addresses):
    /// the names clients and a reverse proxy use. <c>*</c> accepts any (only behind a proxy that checks it).
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Origins (<c>https://app.example</c>) whose pages may call the API across origins; empty (the default) turns CORS off.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>PEM certificate (chain) file; with <see cref="TlsKeyPath"/> the server listens on HTTPS only.</summary>
    public string? TlsCertPath { get; init; }

    /// <summary>PEM private key file of <see cref="TlsCertPath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    public bool UsesTls => TlsCertPath is not null;

    /// <summary>
    /// The port of the Open Inference Protocol's gRPC service, on the same address as the REST port (HTTP/2 only;
    /// TLS when <see cref="TlsCertPath"/> is set); null (the default) serves no gRPC. docs/serving.md, "gRPC".
    /// </summary>
    public int? GrpcPort { get; init; }

    /// <summary>The problems with these options, empty when there are none.</summary>
    public IEnumerable<string> Problems()
    {
        if ((TlsCertPath is null) != (TlsKeyPath is null))
        {
            yield return "--tls-cert and --tls-key go together: give both or neither.";
        }

        foreach (var path in new[] { TlsCertPath, TlsKeyPath })
        {
            if (path is not null && !File.Exists(path))
            {
                yield return $"TLS file '{path}' does not exist.";
            }
        }

        if (GrpcPort is < 1 or > 65535)
        {
            yield return $"--grpc-port must be a port from 1 to 65535, got {GrpcPort}.";
        }

        foreach (var origin in CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                yield return $"CORS origin '{origin}' is not an origin such as https://app.example or http://localhost:3000.";
            }
        }

        foreach (var host in AllowedHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal))
            {
                yield return $"Allowed host '{host}' is not a host name or address.";
            }
        }
    }
}
