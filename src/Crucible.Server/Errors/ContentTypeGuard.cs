using Crucible.Core.Errors;
using Crucible.Server.Endpoints;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Crucible.Server.Errors;

/// <summary>
/// Refuses a write (POST, PUT, PATCH, DELETE) whose body is not of a media type its route accepts
/// (<see cref="BodyTypes"/>; JSON unless the route says otherwise), before the body is read. As MLflow's server
/// does, this keeps a body from being parsed whatever it claims to be, and so stops cross-site form posts
/// (<c>text/plain</c>, form encodings), which browsers send without asking. A write with no body needs no type.
/// MLflow's family answers 400 <c>INVALID_PARAMETER_VALUE</c> as MLflow does; the native, inference and scoring
/// APIs answer 415. A POST whose type a cross-site page could send without a CORS preflight (form encodings,
/// <c>text/plain</c>) on a route that takes any type must also carry <see cref="ClientHeader"/>, or it is 403.
/// </summary>
internal sealed class ContentTypeGuard(RequestDelegate next)
{
    /// <summary>The header that marks a request as sent by a program, not by a cross-site page (see <see cref="IsCorsSafelisted"/>).</summary>
    public const string ClientHeader = "X-Crucible-Client";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var method = request.Method;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            || context.GetEndpoint() is not { } endpoint
            || endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
            || !methods.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var accepted = endpoint.Metadata.GetMetadata<BodyTypes>() ?? BodyTypes.Json;
        var contentType = request.ContentType;
        var allowed = accepted.MediaTypes.Count == 0 || (string.IsNullOrEmpty(contentType)
            ? context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true
            : accepted.Allows(contentType));
        if (!allowed)
        {
            return RefuseAsync(context, accepted, contentType);
        }

        return HttpMethods.IsPost(method) && IsCorsSafelisted(contentType) && !request.Headers.ContainsKey(ClientHeader)
            ? ApiErrors.WriteAsync(
                context,
                ErrorCode.PermissionDenied,
                $"A POST with Content-Type '{contentType}' must carry the {ClientHeader} header (any value): a page on another site can send this type, but not that header.")
            : next(context);
    }

    /// <summary>
    /// A media type a cross-site page may POST without a CORS preflight (a form, <c>fetch</c> with a string body).
    /// Such a POST reaches a route only with this header, which no page can add without a preflight that fails
    /// while CORS is off. Other methods (the MLflow client's <c>PUT</c> of a text artifact) always need a preflight.
    /// </summary>
    private static bool IsCorsSafelisted(string? contentType) =>
        !string.IsNullOrEmpty(contentType)
        && MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));

    private static Task RefuseAsync(HttpContext context, BodyTypes accepted, string? contentType)
    {
        var path = context.Request.Path;
        var types = string.Join(" or ", accepted.MediaTypes);
        var message = $"Content-Type must be {types}; got '{(string.IsNullOrEmpty(contentType) ? "none" : contentType)}'.";
        var mlflow = path.StartsWithSegments("/api/2.0", StringComparison.Ordinal) || path.StartsWithSegments("/ajax-api/2.0", StringComparison.Ordinal);
        return mlflow
            ? ApiErrors.WriteAsync(context, ErrorCode.InvalidParameterValue, message)
            : ApiErrors.WriteAsync(context, ErrorCode.BadRequest, message, StatusCodes.Status415UnsupportedMediaType);
    }
}
