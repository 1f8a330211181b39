using System.CommandLine;
using Crucible.Server.Hosting;

namespace Crucible.Cli.Commands;

/// <summary>The network flags <c>crucible server</c> and <c>crucible serve</c> share: Host allow-list, CORS origins, TLS, the gRPC port.</summary>
internal sealed class NetworkFlags
{
    private readonly Option<string[]> _allowedHosts = new("--allowed-hosts")
    {
        Description = "Host names clients (or a reverse proxy) use to reach this server, comma-separated; the bound address, localhost, 127.0.0.1 and ::1 are always accepted. Other Host headers are refused (DNS rebinding).",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<string[]> _corsOrigins = new("--cors-origins")
    {
        Description = "Origins (https://app.example) whose web pages may call this server, comma-separated. CORS is off without it.",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "PEM certificate (chain) file: serve HTTPS. Needs --tls-key." };

    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "PEM private key file of --tls-cert." };

    private readonly Option<int?> _grpcPort = new("--grpc-port")
    {
        Description = "Also serve the Open Inference Protocol's gRPC service (inference.GRPCInferenceService) on this port of the same address: HTTP/2 only, TLS with --tls-cert. Off without it.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_allowedHosts);
        command.Options.Add(_corsOrigins);
        command.Options.Add(_tlsCert);
        command.Options.Add(_tlsKey);
        command.Options.Add(_grpcPort);
    }

    /// <summary>The first problem with the flags (a key without a certificate, a malformed origin), or null.</summary>
    public string? Problem(ParseResult parse) => Read(parse).Problems().FirstOrDefault();

    public NetworkOptions Read(ParseResult parse) => new()
    {
        AllowedHosts = Split(parse.GetValue(_allowedHosts)),
        CorsOrigins = Split(parse.GetValue(_corsOrigins)),
        TlsCertPath = parse.GetValue(_tlsCert),
        TlsKeyPath = parse.GetValue(_tlsKey),
        GrpcPort = parse.GetValue(_grpcPort),
    };

    private static string[] Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
