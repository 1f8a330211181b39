using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crucible.Server.Hosting;
using Crucible.Server.Tests.Serving;
using Crucible.TestSupport;

namespace Crucible.Server.Tests.Security;

/// <summary><c>--tls-cert</c>/<c>--tls-key</c>: a self-signed certificate made here, written as PEM files, served over HTTPS.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task The_server_answers_over_https_with_the_given_certificate()
    {
        using var dir = new TempDirectory();
        using var certificate = SelfSigned();
        var certPath = dir.File("cert.pem");
        var keyPath = dir.File("key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        var server = await ServingServer.StartAsync(o => o with { Network = new NetworkOptions { TlsCertPath = certPath, TlsKeyPath = keyPath } });
        try
        {
            var address = server.App.Address();
            Assert.Equal("https", address.Scheme);
            string? seen = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                {
                    seen = presented?.Thumbprint;
                    return presented?.Thumbprint == certificate.Thumbprint;
                },
            };
            using var https = new HttpClient(handler) { BaseAddress = address };
            Assert.Equal("OK", await https.GetStringAsync("/health"));
            Assert.Equal(certificate.Thumbprint, seen);
            using var created = await https.PostAsync("/api/2.0/mlflow/experiments/create", new StringContent("""{"name":"over-tls"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

            using var plain = new HttpClient { BaseAddress = new Uri($"http://{address.Authority}") };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetStringAsync("/health"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_certificate_without_its_key_is_refused_at_start()
    {
        using var dir = new TempDirectory();
        var certPath = dir.File("cert.pem");
        using (var certificate = SelfSigned())
        {
            await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        }

        var error = await Assert.ThrowsAsync<Crucible.Core.Errors.CrucibleException>(
            () => ServingServer.StartAsync(o => o with { Network = new NetworkOptions { TlsCertPath = certPath } }));
        Assert.Contains("--tls-key", error.Message, StringComparison.Ordinal);
    }

    internal static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
    }
}
