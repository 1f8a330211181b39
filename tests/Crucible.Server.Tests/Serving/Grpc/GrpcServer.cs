using System.Net;
using System.Net.Sockets;
using Crucible.Server.Hosting;
using Crucible.Server.Serving.Grpc.Wire;
using Grpc.Net.Client;

namespace Crucible.Server.Tests.Serving.Grpc;

/// <summary>A real serving server with the gRPC port on, and a real Grpc.Net.Client channel to it (cleartext HTTP/2).</summary>
public sealed class GrpcServer : IAsyncDisposable
{
    private GrpcServer(ServingServer serving, int port)
    {
        Serving = serving;
        Port = port;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(Channel);
    }

    public ServingServer Serving { get; }

    public int Port { get; }

    public GrpcChannel Channel { get; }

    internal GRPCInferenceService.GRPCInferenceServiceClient Client { get; }

    public static async Task<GrpcServer> StartAsync(Func<ServerOptions, ServerOptions>? configure = null)
    {
        var port = FreePort();
        var serving = await ServingServer.StartAsync(o =>
        {
            var changed = configure?.Invoke(o) ?? o;
            return changed with { Network = changed.Network with { GrpcPort = port } };
        });
        return new GrpcServer(serving, port);
    }

    /// <summary>Registers <paramref name="fixture"/> (an ONNX test model) and deploys it as <paramref name="deployment"/>, ready to serve.</summary>
    public async Task<string> DeployFixtureAsync(string deployment, string fixture)
    {
        var version = await Serving.RegisterAsync(deployment, ServingServer.Fixture(fixture + ".onnx"));
        await Serving.DeployAsync(deployment, deployment, version);
        await Serving.WaitReadyAsync(deployment);
        return version;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Serving.DisposeAsync();
    }

    /// <summary>A port free right now (the OS's pick), for the gRPC listener, which needs a fixed port.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
