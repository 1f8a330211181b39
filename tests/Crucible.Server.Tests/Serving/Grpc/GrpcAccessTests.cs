using Crucible.Server.Hosting;
using Crucible.Server.Serving.Grpc.Wire;
using Crucible.Server.Tests.Security;
using Grpc.Core;

namespace Crucible.Server.Tests.Serving.Grpc;

/// <summary>
/// The gRPC service under the REST API's authorization and rate limits, with real principals (<see cref="TestPrincipals"/>):
/// liveness is public, inference needs credentials (UNAUTHENTICATED), a serving-only token reaches its own deployment
/// only and another workspace's admin none of this one's (PERMISSION_DENIED), and a caller over the server-wide rate
/// limit gets RESOURCE_EXHAUSTED with a <c>retry-after</c> trailer, counted in <c>/metrics</c>.
/// </summary>
public sealed class GrpcAccessTests
{
    private const string Served = "served";

    [Fact]
    public async Task Grpc_calls_are_authorized_and_limited_as_rest_calls_are()
    {
        await using var server = await GrpcServer.StartAsync(o => o with
        {
            Auth = new AuthOptions(),
            Exposure = o.Exposure with { InferenceRateLimit = new InferenceRateLimit(PerSecond: 1, Burst: 3) },
        });
        using var callers = await TestPrincipals.CreateAsync(server.Serving.App.Address(), server.Serving.AdminToken, Served);
        await server.DeployFixtureAsync(Served, "linear_regressor");
        await server.DeployFixtureAsync("other", "linear_regressor");
        var client = server.Client;

        Assert.True((await client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.Equal(StatusCode.Unauthenticated, (await FailAsync(client, Infer(Served), null)).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => client.ModelMetadataAsync(new ModelMetadataRequest { Name = Served }).ResponseAsync)).StatusCode);

        Assert.Single((await client.ModelInferAsync(Infer(Served), As(callers.Viewer))).Outputs);
        Assert.Equal(Served, (await client.ModelMetadataAsync(new ModelMetadataRequest { Name = Served }, As(callers.Viewer))).Name);
        Assert.Single((await client.ModelInferAsync(Infer(Served), As(callers.Serving))).Outputs);
        var foreign = await FailAsync(client, Infer("other"), callers.Serving);
        Assert.Equal(StatusCode.PermissionDenied, foreign.StatusCode);
        Assert.Contains($"deployment '{Served}'", foreign.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => client.ServerMetadataAsync(new ServerMetadataRequest(), As(callers.Serving)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await FailAsync(client, Infer(Served), callers.OtherWorkspaceAdmin)).StatusCode);

        RpcException? limited = null;
        var served = 0;
        for (var i = 0; i < 8 && limited is null; i++)
        {
            try
            {
                await client.ModelInferAsync(Infer("other"), As(callers.Editor));
                served++;
            }
            catch (RpcException e)
            {
                limited = e;
            }
        }

        Assert.NotNull(limited);
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.InRange(served, 3, 4);
        Assert.Contains("Rate limit exceeded", limited.Status.Detail, StringComparison.Ordinal);
        Assert.True(int.Parse(limited.Trailers.GetValue("retry-after")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var metrics = await server.Serving.Http.GetStringAsync("/metrics");
        Assert.Contains("crucible_serving_rate_limited_total{deployment=\"other\",reason=\"server_rate\"}", metrics, StringComparison.Ordinal);
    }

    private static ModelInferRequest Infer(string deployment)
    {
        var request = new ModelInferRequest { ModelName = deployment };
        request.Inputs.Add(GrpcInferenceTests.Input("x", "FP32", [1, 8], c => c.Fp32Contents.AddRange(new float[8])));
        return request;
    }

    private static Metadata? As(TestCaller? caller) =>
        caller?.Authorization is { } authorization ? new Metadata { { "authorization", authorization.ToString() } } : null;

    private static async Task<RpcException> FailAsync(GRPCInferenceService.GRPCInferenceServiceClient client, ModelInferRequest request, TestCaller? caller) =>
        await Assert.ThrowsAsync<RpcException>(() => client.ModelInferAsync(request, As(caller)).ResponseAsync);
}
