using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Security;
using Crucible.Serving.Hosting;
using Crucible.Serving.Protocols;
using Microsoft.Net.Http.Headers;

namespace Crucible.Server.Endpoints.Serving;

/// <summary>
/// MLflow's scoring protocol: <c>POST /deployments/{name}/invocations</c> and <c>GET /deployments/{name}/ping</c>;
/// a serving process for one deployment also answers plain <c>/invocations</c> and <c>/ping</c>, as
/// <c>mlflow models serve</c> does. JSON (<c>dataframe_split</c>, <c>dataframe_records</c>, <c>instances</c>,
/// <c>inputs</c>) or CSV in, <c>{"predictions": ...}</c> out; errors as MLflow's <c>{"error_code","message"}</c>.
/// </summary>
internal static class ScoringEndpoints
{
    public const string Protocol = "invocations";
    private static readonly RequestParser JsonParser = ScoringRequestReader.ReadJson;
    private static readonly RequestParser CsvParser = ScoringRequestReader.ReadCsv;
    private static readonly string[] BodyTypeNames = ["application/json", "text/csv"];

    public static void MapScoring(this IEndpointRouteBuilder app, string? defaultDeployment)
    {
        app = app.MapGroup(string.Empty).RequireAccess(AccessPolicies.Inference);
        app.MapPost("/deployments/{name}/invocations", (HttpContext http, InferenceService service, string name) => InvokeAsync(http, service, name)).WithBodyTypes(BodyTypeNames).Mlflow("Invocations", "Score rows with a deployment, as MLflow's scoring server does (JSON or CSV)").Produces<JsonElement>(StatusCodes.Status200OK, EndpointDocs.Json).ReadsOnly();
        app.MapGet("/deployments/{name}/ping", (InferenceService service, string name) => Ping(service, name)).Mlflow("Ping", "Whether a deployment is ready to score").ProducesText(EndpointDocs.Json);
        if (defaultDeployment is not null)
        {
            app.MapPost("/invocations", (HttpContext http, InferenceService service) => InvokeAsync(http, service, defaultDeployment)).WithBodyTypes(BodyTypeNames).Mlflow("InvocationsDefault", "Score rows with the served deployment (crucible serve)").Produces<JsonElement>(StatusCodes.Status200OK, EndpointDocs.Json).ReadsOnly();
            app.MapGet("/ping", (InferenceService service) => Ping(service, defaultDeployment)).Mlflow("PingDefault", "Whether the served deployment is ready (crucible serve)").ProducesText(EndpointDocs.Json);
        }
    }

    private static async Task InvokeAsync(HttpContext http, InferenceService service, string name)
    {
        var parser = ChooseParser(http.Request.ContentType);
        if (parser is null)
        {
            await Errors.ApiErrors.WriteAsync(
                http,
                ErrorCode.BadRequest,
                $"Content type must be application/json or text/csv (charset utf-8); got '{http.Request.ContentType ?? "none"}'.",
                StatusCodes.Status415UnsupportedMediaType);
            return;
        }

        InferenceResult result;
        using (var body = await InferenceBody.ReadAsync(http.Request, service.Limits.MaxBodyBytes, http.RequestAborted))
        {
            result = await service.InferAsync(name, null, Protocol, body.Memory, parser, http.RequestAborted);
        }

        var buffer = ResponseBuffer.Take();
        ScoringResponseWriter.Write(buffer, result.Outputs);
        await ResponseBuffer.SendAsync(http.Response, buffer, http.RequestAborted);
    }

    private static IResult Ping(InferenceService service, string name)
    {
        service.Require(name);
        return TypedResults.Text("\n", "application/json");
    }

    private static RequestParser? ChooseParser(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? JsonParser
            : media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) ? CsvParser
            : null;
    }
}
