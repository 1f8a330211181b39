using System.Security.Cryptography.X509Certificates;
using Crucible.Core.Errors;
using Crucible.Server.Security;

namespace Crucible.Server.Hosting;

/// <summary>Wires <see cref="NetworkOptions"/>: HTTPS from PEM files, CORS for configured origins only, and the guards' order.</summary>
internal static class NetworkComposition
{
    private const string CorsPolicy = "configured-origins";

    /// <summary>Validates the options, listens on HTTPS when a certificate is given, and registers CORS when origins are.</summary>
    public static void AddNetwork(this WebApplicationBuilder builder, ServerOptions options)
    {
        var network = options.Network;
        var problems = network.Problems().ToList();
        if (problems.Count > 0)
        {
            throw CrucibleException.Invalid("Invalid network options: " + string.Join(" ", problems));
        }

        if (network.UsesTls)
        {
            var certificate = LoadCertificate(network.TlsCertPath!, network.TlsKeyPath!);
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.UseUrls(string.Concat("https://", options.ListenUrl().AsSpan("http://".Length)));
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }

        if (network.CorsOrigins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. network.CorsOrigins])
                .AllowAnyHeader()
                .AllowAnyMethod()
                .AllowCredentials()));
        }
    }

    /// <summary>After routing: CORS (only when configured, so preflights are answered before authorization) and then <see cref="AuthorizationGuard"/>.</summary>
    public static void UseAccessControl(this WebApplication app, ServerOptions options)
    {
        if (options.Network.CorsOrigins.Count > 0)
        {
            app.UseCors(CorsPolicy);
        }

        app.UseMiddleware<AuthorizationGuard>();
        app.UseMiddleware<Security.Workspaces.ResourceAccessGuard>();
    }

    /// <summary>
    /// The certificate and key from PEM files, re-imported so the key is a persisted one (an ephemeral PEM key does not
    /// work with TLS on every platform).
    /// </summary>
    private static X509Certificate2 LoadCertificate(string certPath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw CrucibleException.Invalid($"Could not read the TLS certificate '{certPath}' and key '{keyPath}': {e.Message}");
        }
    }
}
