using Crucible.Server.Endpoints;
using Crucible.Server.Errors;
using Crucible.Server.Hosting;
using Crucible.Server.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Crucible.Server.Serving.Grpc;

/// <summary>
/// Wires the Open Inference Protocol's gRPC service when <see cref="NetworkOptions.GrpcPort"/> is set. gRPC needs
/// HTTP/2, and Kestrel negotiates HTTP/2 beside HTTP/1.1 on one port only through TLS (ALPN): a cleartext port that
/// takes both answers HTTP/1.1 only. So the service gets a port of its own on the same address, HTTP/2 only
/// (cleartext "prior knowledge" h2c, or TLS when the server has a certificate), and the REST port stays as it was.
/// Both ports are one application: the same middleware (Host check, authentication, access control), the same
/// inference core, capture, metrics and limits.
/// </summary>
internal static class GrpcComposition
{
    public static readonly string[] ContentTypes = ["application/grpc", "application/grpc+proto"];

    public static void AddGrpcServing(this WebApplicationBuilder builder, ServerOptions options)
    {
        if (options.Network.GrpcPort is not { } port)
        {
            return;
        }

        builder.Services.AddGrpc(grpc =>
        {
            // Unknown services and methods fall through to routing's 404, which ApiErrors answers as UNIMPLEMENTED.
            grpc.IgnoreUnknownServices = true;
            grpc.MaxReceiveMessageSize = (int)Math.Min(options.ServingLimits.MaxBodyBytes, int.MaxValue);
            grpc.MaxSendMessageSize = null;
            grpc.Interceptors.Add<GrpcStatuses.ErrorInterceptor>();
        });
        builder.Services.AddSingleton<GrpcInferenceAccess>();
        var rest = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? options.ListenUrl();
        var grpcUrl = (options with { Port = port }).ListenUrl();
        if (options.Network.UsesTls)
        {
            grpcUrl = string.Concat("https://", grpcUrl.AsSpan("http://".Length));
        }

        builder.WebHost.UseUrls(rest, grpcUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            if (listen.IPEndPoint?.Port == port)
            {
                listen.Protocols = HttpProtocols.Http2;
            }
        }));
    }

    public static void MapGrpcServing(this IEndpointRouteBuilder app, ServerOptions options)
    {
        if (options.Network.GrpcPort is not null)
        {
            app.MapGrpcService<OpenInferenceGrpcService>()
                .RequireAccess(AccessPolicies.InferenceGrpc)
                .ReadsOnly()
                .WithBodyTypes(ContentTypes);
        }
    }
}
