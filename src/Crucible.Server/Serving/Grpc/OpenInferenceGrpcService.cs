using Crucible.Core.Errors;
using Crucible.Server.Endpoints;
using Crucible.Server.Endpoints.Serving;
using Crucible.Server.Hosting;
using Crucible.Server.Security;
using Crucible.Server.Serving.Grpc.Wire;
using Crucible.Serving.Hosting;
using Grpc.Core;

namespace Crucible.Server.Serving.Grpc;

/// <summary>
/// The Open Inference Protocol's gRPC service (<c>inference.GRPCInferenceService</c>) over the same inference core as
/// the REST API: a deployment's name is the model name, <c>model_version</c> pins one of its versions. Inference runs
/// through <see cref="InferenceService.InferAsync"/> (routing, batching, output controls, capture, shadow, metrics),
/// after the same authorization (<see cref="GrpcInferenceAccess"/>) and rate limits (<see cref="InferenceLimiter"/>)
/// as <c>POST /v2/models/{name}/infer</c>. Errors leave as gRPC status codes (<see cref="Errors.GrpcStatuses"/>).
/// </summary>
internal sealed class OpenInferenceGrpcService(
    InferenceService inference, ServingReadiness readiness, GrpcInferenceAccess access, InferenceLimiter limiter, ServerOptions options)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    /// <summary>The protocol label of the serving metrics for calls that come this way.</summary>
    public const string Protocol = "v2-grpc";

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = readiness.IsReady });

    public override async Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context)
    {
        await access.CheckAsync(context, null);
        return new ServerMetadataResponse { Name = "crucible", Version = SystemEndpoints.Version };
    }

    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        var name = Deployment(request.Name);
        await access.CheckAsync(context, name);
        return new ModelReadyResponse { Ready = OpenInferenceEndpoints.IsReady(inference, name, Version(request.Version)) };
    }

    public override async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var name = Deployment(request.Name);
        await access.CheckAsync(context, name);
        var metadata = OpenInferenceEndpoints.MetadataOf(inference, name, Version(request.Version));
        var response = new ModelMetadataResponse { Name = metadata.Name, Platform = metadata.Platform };
        response.Versions.AddRange(metadata.Versions ?? []);
        response.Inputs.AddRange(metadata.Inputs.Select(Describe));
        response.Outputs.AddRange(metadata.Outputs.Select(Describe));
        return response;
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var name = Deployment(request.ModelName);
        await access.CheckAsync(context, name);
        if (limiter.Check(context.GetHttpContext(), name) is { } refusal)
        {
            throw InferenceRateLimits.Refuse(context.GetHttpContext(), refusal);
        }

        var result = await inference.InferAsync(
            name,
            Version(request.ModelVersion),
            Protocol,
            ReadOnlyMemory<byte>.Empty,
            (_, signature, limits) => GrpcRequestReader.Read(request, signature, limits),
            context.CancellationToken);
        return GrpcResponseWriter.Write(result, rawInputs: request.RawInputContents.Count > 0);
    }

    private static ModelMetadataResponse.Types.TensorMetadata Describe(Contracts.Serving.TensorMetadataDto tensor)
    {
        var described = new ModelMetadataResponse.Types.TensorMetadata { Name = tensor.Name, Datatype = tensor.Datatype };
        described.Shape.AddRange(tensor.Shape);
        return described;
    }

    /// <summary>The deployment a message names; an empty name is the one <c>crucible serve --deployment</c> serves, if any.</summary>
    private string Deployment(string name) =>
        name.Length > 0 ? name
        : options.ServeDeployment ?? throw CrucibleException.Invalid("the model name is empty; name the deployment to call");

    private static string? Version(string version) => version.Length == 0 ? null : version;
}
