using System.Text.Json;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Crucible.Server.Errors;

/// <summary>
/// The one place where errors become HTTP responses, in the format of the API family the path belongs to.
/// Every error body is JSON: a <see cref="CrucibleException"/>, a malformed body, an oversize request, an
/// unknown route or method, and any unexpected exception (logged, never echoed). A gRPC call gets its gRPC status
/// instead (<see cref="GrpcStatuses"/>).
/// </summary>
internal sealed partial class ApiErrors(RequestDelegate next, ILogger<ApiErrors> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (CrucibleException e)
        {
            await WriteAsync(context, e.Code, e.Message, retryAfterSeconds: e.RetryAfter is { } retry ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : null);
            return;
        }
        catch (BadHttpRequestException e)
        {
            var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
            await WriteAsync(context, tooLarge ? ErrorCode.PayloadTooLarge : ErrorCode.BadRequest, tooLarge ? "Request body is too large." : e.Message, e.StatusCode);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // The catch-all turns any bug into a JSON 500 instead of an HTML page or a dropped connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path, e);
            await WriteAsync(context, ErrorCode.InternalError, "An internal error occurred; see the server log.");
            return;
        }

        // Routing's 404 and 405 and similar bare statuses get a body in the family's format too.
        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null && context.Response.ContentType is null)
        {
            var status = context.Response.StatusCode;
            var message = status switch
            {
                404 => $"No API endpoint at {context.Request.Method} {context.Request.Path}.",
                405 => $"Method {context.Request.Method} is not allowed on {context.Request.Path}.",
                _ => $"Request failed with status {status}.",
            };
            await WriteAsync(context, ErrorStatus.FromHttp(status), message, status);
        }
    }

    /// <summary>Writes the error in the path's family format; <c>retryAfterSeconds</c> is sent as <c>Retry-After</c> (a 429 from a rate limit or the login throttle).</summary>
    public static async Task WriteAsync(HttpContext context, ErrorCode code, string message, int? status = null, int? retryAfterSeconds = null)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.Clear();
        if (GrpcStatuses.IsGrpc(context.Request))
        {
            GrpcStatuses.Write(context.Response, code, message, retryAfterSeconds);
            return;
        }

        context.Response.StatusCode = status ?? ErrorStatus.Http(code);
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"crucible\", Bearer";
        }

        if (retryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var path = context.Request.Path;
        if (path.StartsWithSegments("/v2", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
            return;
        }

        if (path.StartsWithSegments(Endpoints.Native.NativeApi.Prefix, StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/problem+json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteString("type", "https://crucible.dev/errors/" + ErrorStatus.Name(code).ToLowerInvariant().Replace('_', '-'));
            writer.WriteString("title", ErrorStatus.Name(code));
            writer.WriteNumber("status", context.Response.StatusCode);
            writer.WriteString("detail", message);
            writer.WriteString("errorCode", ErrorStatus.Name(code));
            writer.WriteEndObject();
            return;
        }

        // MLflow's scoring server answers every client error as BAD_REQUEST.
        var name = IsScoring(path) && code == ErrorCode.InvalidParameterValue ? ErrorStatus.Name(ErrorCode.BadRequest) : ErrorStatus.Name(code);
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorResponse(name, message), MlflowJsonContext.Wire.ErrorResponse);
    }

    private static bool IsScoring(PathString path) =>
        path.StartsWithSegments("/deployments", StringComparison.Ordinal) || path.StartsWithSegments("/invocations", StringComparison.Ordinal);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
