using Crucible.Core.Errors;
using Crucible.Server.Endpoints;
using Microsoft.AspNetCore.Http.Features;

namespace Crucible.Server.Errors;

/// <summary>
/// Refuses a write (POST, PUT, PATCH, DELETE) whose body is not of a media type its route accepts
/// (<see cref="BodyTypes"/>; JSON unless the route says otherwise), before the body is read. As MLflow's server
/// does, this keeps a body from being parsed whatever it claims to be, and so stops cross-site form posts
/// (<c>text/plain</c>, form encodings), which browsers send without asking. A write with no body needs no type.
/// MLflow's family answers 400 <c>INVALID_PARAMETER_VALUE</c> as MLflow does; the native, inference and scoring
/// APIs answer 415.
/// </summary>
internal sealed class ContentTypeGuard(RequestDelegate next)
{
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
        if (accepted.MediaTypes.Count == 0)
        {
            return next(context);
        }

        var contentType = request.ContentType;
        var allowed = string.IsNullOrEmpty(contentType)
            ? context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true
            : accepted.Allows(contentType);
        return allowed ? next(context) : RefuseAsync(context, accepted, contentType);
    }

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
