using Crucible.Contracts.Mlflow;
using Crucible.Contracts.Serving;
using Microsoft.AspNetCore.Http.Metadata;

namespace Crucible.Server.Endpoints.Contract;

/// <summary>
/// A route's entry in the published contract: its operation id (<c>WithName</c>), a summary, the JSON body it reads and
/// the error bodies of its API family (MLflow <c>{error_code, message}</c>, Open Inference <c>{error}</c>, ProblemDetails
/// for the native API). The 200 answer is declared by the handler's <see cref="JsonOk{T}"/> result, or here for raw
/// bytes and text. <see cref="Hosting.ApiContract"/> fails no route, but the contract test fails one without an id or
/// a described answer.
/// </summary>
internal static class EndpointDocs
{
    public const string Json = "application/json";
    public const string Problem = "application/problem+json";
    public const string Bytes = "application/octet-stream";

    /// <summary>An MLflow REST route: errors are <see cref="ErrorResponse"/> (400 for bad input, 404 for a missing resource).</summary>
    public static RouteHandlerBuilder Mlflow(this RouteHandlerBuilder builder, string name, string summary) =>
        builder.Describe(name, summary)
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest, Json)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound, Json);

    /// <summary>A native route under <c>/api/crucible/v1</c>: errors are ProblemDetails with an <c>errorCode</c>.</summary>
    public static RouteHandlerBuilder Native(this RouteHandlerBuilder builder, string name, string summary) =>
        builder.Describe(name, summary)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>An Open Inference Protocol v2 route: errors are <see cref="OipErrorDto"/>.</summary>
    public static RouteHandlerBuilder OpenInference(this RouteHandlerBuilder builder, string name, string summary) =>
        builder.Describe(name, summary)
            .Produces<OipErrorDto>(StatusCodes.Status400BadRequest, Json)
            .Produces<OipErrorDto>(StatusCodes.Status404NotFound, Json);

    /// <summary>A route outside the API families (health, version, metrics): no error body to speak of.</summary>
    public static RouteHandlerBuilder Plain(this RouteHandlerBuilder builder, string name, string summary) => builder.Describe(name, summary);

    /// <summary>
    /// The JSON request body, for the document only. The media types a route accepts stay with <see cref="BodyTypes"/> and
    /// <see cref="Errors.ContentTypeGuard"/>: an empty list here keeps routing from answering a 415 of its own.
    /// </summary>
    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new AcceptsMetadata([], typeof(T)));

    /// <summary>The request message a GET reads from the query string, one parameter per field (for the document only).</summary>
    public static RouteHandlerBuilder Query<T>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new QueryMessage(typeof(T)));

    /// <summary>A 200 whose body is raw bytes of <paramref name="contentType"/> (artifacts, files, packages).</summary>
    public static RouteHandlerBuilder ProducesBytes(this RouteHandlerBuilder builder, string contentType = Bytes) =>
        builder.Produces(StatusCodes.Status200OK, typeof(Stream), contentType);

    /// <summary>A 200 whose body is <c>{}</c> written as text (the native deletes).</summary>
    public static RouteHandlerBuilder ProducesEmptyObject(this RouteHandlerBuilder builder) =>
        builder.Produces<Empty>(StatusCodes.Status200OK, Json);

    /// <summary>A 200 whose body is text of <paramref name="contentType"/>.</summary>
    public static RouteHandlerBuilder ProducesText(this RouteHandlerBuilder builder, string contentType) =>
        builder.Produces<string>(StatusCodes.Status200OK, contentType);

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string name, string summary) =>
        builder.WithName(name).WithSummary(summary);
}
