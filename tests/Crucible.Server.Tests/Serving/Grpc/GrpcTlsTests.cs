using System.Security.Cryptography.X509Certificates;
using Crucible.Server.Hosting;
using Crucible.Server.Serving.Grpc.Wire;
using Crucible.Server.Tests.Security;
using Crucible.TestSupport;
using Grpc.Net.Client;

namespace Crucible.Server.Tests.Serving.Grpc;

/// <summary>With <c>--tls-cert</c>/<c>--tls-key</c> the gRPC port speaks HTTP/2 over TLS with the server's certificate.</summary>
public sealed class GrpcTlsTests
{
    [Fact]
    public async Task The_grpc_port_takes_tls_with_the_server_certificate()
    {
        using var dir = new TempDirectory();
        using var certificate = TlsTests.SelfSigned();
        var certPath = dir.File("cert.pem");
        var keyPath = dir.File("key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        await using var server = await GrpcServer.StartAsync(o => o with { Network = new NetworkOptions { TlsCertPath = certPath, TlsKeyPath = keyPath } });
        string? seen = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
        {
            seen = (presented as X509Certificate2)?.Thumbprint;
            return seen == certificate.Thumbprint;
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{server.Port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        Assert.True((await client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.Equal(certificate.Thumbprint, seen);
        await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => server.Client.ServerLiveAsync(new ServerLiveRequest()).ResponseAsync); // cleartext h2c to a TLS port
    }
}
