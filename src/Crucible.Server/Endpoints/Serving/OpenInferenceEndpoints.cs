using System.Globalization;
using Crucible.Contracts.Serving;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Security;
using Crucible.Server.Serving;
using Crucible.Serving.Hosting;
using Crucible.Serving.Protocols;

namespace Crucible.Server.Endpoints.Serving;

/// <summary>
/// The Open Inference Protocol v2 REST API under <c>/v2</c> (errors as <c>{"error": ...}</c>). A deployment's name
/// is its OIP model name; <c>versions/{v}</c> pins one of the versions it routes to.
/// </summary>
internal static class OpenInferenceEndpoints
{
    public const string Platform = "onnx_onnxv1";
    public const string Protocol = "v2";
    private static readonly RequestParser Parser = OipRequestReader.Read;

    /// <summary>JSON; with the binary tensor data extension clients send the JSON header and raw bytes as either type.</summary>
    private static readonly string[] InferBodyTypes = ["application/json", "application/octet-stream"];

    private static ServingJsonContext Json => ServingJsonContext.Default;

    public static void MapOpenInference(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2");
        v2.RequireAccess(AccessPolicies.Inference);
        v2.MapGet(string.Empty, () => JsonOk.Of(new ServerMetadataDto("crucible", SystemEndpoints.Version, []), Json.ServerMetadataDto)).OpenInference("ServerMetadata", "Server metadata");
        v2.MapGet("health/live", () => JsonOk.Of(new LiveDto(true), Json.LiveDto)).OpenInference("ServerLive", "Server liveness");
        v2.MapGet("health/ready", (ServingReadiness readiness) => readiness.IsReady
            ? Results.Json(new ReadyDto(true), Json.ReadyDto)
            : Results.Json(new ReadyDto(false), Json.ReadyDto, statusCode: StatusCodes.Status503ServiceUnavailable))
            .OpenInference("ServerReady", "Server readiness: 503 until every deployment is loaded")
            .Produces<ReadyDto>(StatusCodes.Status200OK, EndpointDocs.Json)
            .Produces<ReadyDto>(StatusCodes.Status503ServiceUnavailable, EndpointDocs.Json);
        v2.MapGet("models/{name}", (InferenceService service, string name) => Metadata(service, name, null)).OpenInference("ModelMetadata", "A deployment's model metadata: inputs and outputs");
        v2.MapGet("models/{name}/versions/{version}", (InferenceService service, string name, string version) => Metadata(service, name, version)).OpenInference("ModelVersionMetadata", "A model version's metadata within a deployment");
        v2.MapGet("models/{name}/ready", (InferenceService service, string name) => Ready(service, name, null)).OpenInference("ModelReady", "Whether a deployment is ready").Produces<ModelReadyDto>(StatusCodes.Status200OK, EndpointDocs.Json).Produces<ModelReadyDto>(StatusCodes.Status503ServiceUnavailable, EndpointDocs.Json);
        v2.MapGet("models/{name}/versions/{version}/ready", (InferenceService service, string name, string version) => Ready(service, name, version)).OpenInference("ModelVersionReady", "Whether a model version of a deployment is ready").Produces<ModelReadyDto>(StatusCodes.Status200OK, EndpointDocs.Json).Produces<ModelReadyDto>(StatusCodes.Status503ServiceUnavailable, EndpointDocs.Json);
        v2.MapPost("models/{name}/infer", (HttpContext http, InferenceService service, string name) => InferAsync(http, service, name, null)).OpenInference("ModelInfer", "Run inference on a deployment").WithBodyTypes(InferBodyTypes).Body<InferRequestDto>().Produces<InferResponseDto>(StatusCodes.Status200OK, EndpointDocs.Json).ReadsOnly();
        v2.MapPost("models/{name}/versions/{version}/infer", (HttpContext http, InferenceService service, string name, string version) => InferAsync(http, service, name, version)).OpenInference("ModelVersionInfer", "Run inference on one model version of a deployment").WithBodyTypes(InferBodyTypes).Body<InferRequestDto>().Produces<InferResponseDto>(StatusCodes.Status200OK, EndpointDocs.Json).ReadsOnly();
    }

    private static async Task InferAsync(HttpContext http, InferenceService service, string name, string? version)
    {
        InferenceResult result;
        using (var body = await InferenceBody.ReadAsync(http.Request, service.Limits.MaxBodyBytes, http.RequestAborted))
        {
            result = await service.InferAsync(name, version, Protocol, body.Memory, ParserOf(http.Request), http.RequestAborted);
        }

        var buffer = ResponseBuffer.Take();
        OipResponseWriter.Write(buffer, result.Deployment, result.Version, result.RequestId, result.Outputs, result.Parameters);
        await ResponseBuffer.SendAsync(http.Response, buffer, http.RequestAborted);
    }

    /// <summary>JSON, or with the binary tensor data extension's header a JSON header followed by raw input bytes.</summary>
    private static RequestParser ParserOf(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(OipRequestReader.BinaryHeader, out var values))
        {
            return Parser;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? OipRequestReader.Binary(length)
            : throw CrucibleException.Invalid($"{OipRequestReader.BinaryHeader} must be one non-negative integer (the length of the JSON header in bytes), got '{values}'");
    }

    private static JsonOk<ModelMetadataDto> Metadata(InferenceService service, string name, string? version) =>
        JsonOk.Of(MetadataOf(service, name, version), Json.ModelMetadataDto);

    /// <summary>A deployment's (or one of its versions') inputs and outputs, for REST and gRPC alike.</summary>
    internal static ModelMetadataDto MetadataOf(InferenceService service, string name, string? version)
    {
        var active = service.Require(name);
        var route = version is null ? active.Routes[0] : active.Find(version) ?? throw NotServed(active, version);
        var signature = route.Model.Signature;
        return new ModelMetadataDto(
            name,
            version is null ? [.. active.Routes.Select(r => r.Version).Distinct()] : [version],
            Platform,
            [.. signature.Inputs.Select(Describe)],
            [.. signature.Outputs.Where(o => signature.TensorOutputs.Contains(o.Name)).Select(Describe)]);
    }

    private static IResult Ready(InferenceService service, string name, string? version) =>
        IsReady(service, name, version)
            ? Results.Json(new ModelReadyDto(name, true), Json.ModelReadyDto)
            : Results.Json(new ModelReadyDto(name, false), Json.ModelReadyDto, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Whether a deployment is loaded; an unknown one, or a version it does not route to, is not found.</summary>
    internal static bool IsReady(InferenceService service, string name, string? version)
    {
        var active = service.Table.Get(name);
        if (active is null && !service.Table.Knows(name))
        {
            throw CrucibleException.NotFound($"Deployment '{name}' does not exist.");
        }

        if (active is not null && version is not null && active.Find(version) is null)
        {
            throw NotServed(active, version);
        }

        return active is not null;
    }

    private static TensorMetadataDto Describe(OnnxValueInfo value) =>
        new(value.Name, value.Type.ElementType.ToOipDatatype(), value.Type.ShapeWithMinusOne ?? []);

    private static CrucibleException NotServed(ActiveDeployment active, string version) =>
        CrucibleException.NotFound($"Deployment '{active.Name}' does not serve version {version}; it serves {string.Join(", ", active.Routes.Select(r => r.Version).Distinct())}.");
}
