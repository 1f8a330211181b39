using System.Globalization;
using System.Text;
using Crucible.Core.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Crucible.Server.Errors;

/// <summary>
/// The gRPC family of error answers (the Open Inference Protocol's gRPC service): each <see cref="ErrorCode"/> as a
/// gRPC status code. A refusal before the service runs (authentication, the Host check, an unknown method) is written
/// by <see cref="ApiErrors"/> as a trailers-only gRPC answer; an error inside a call becomes an <see cref="RpcException"/>
/// in <see cref="ErrorInterceptor"/>. A rate-limit refusal carries <c>retry-after</c> (whole seconds) as a trailer.
/// </summary>
internal static class GrpcStatuses
{
    public const string RetryAfterKey = "retry-after";

    public static StatusCode Of(ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue or ErrorCode.BadRequest => StatusCode.InvalidArgument,
        ErrorCode.ResourceAlreadyExists => StatusCode.AlreadyExists,
        ErrorCode.Unauthenticated => StatusCode.Unauthenticated,
        ErrorCode.PermissionDenied => StatusCode.PermissionDenied,
        ErrorCode.ResourceDoesNotExist => StatusCode.NotFound,
        ErrorCode.EndpointNotFound => StatusCode.Unimplemented,
        ErrorCode.ResourceConflict => StatusCode.Aborted,
        ErrorCode.PayloadTooLarge or ErrorCode.RequestLimitExceeded => StatusCode.ResourceExhausted,
        ErrorCode.InvalidState => StatusCode.FailedPrecondition,
        ErrorCode.DataLoss => StatusCode.DataLoss,
        ErrorCode.TemporarilyUnavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    /// <summary>True for a gRPC call (<c>application/grpc</c>, <c>application/grpc+proto</c>...).</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>A trailers-only answer: HTTP 200 whose headers carry <c>grpc-status</c> and <c>grpc-message</c>, and no body.</summary>
    public static void Write(HttpResponse response, ErrorCode code, string message, int? retryAfterSeconds)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)Of(code)).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers[RetryAfterKey] = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>gRPC's message encoding: UTF-8, each byte outside printable ASCII (and '%') as %XX.</summary>
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>Turns a <see cref="CrucibleException"/> thrown inside a call into its gRPC status.</summary>
    internal sealed class ErrorInterceptor : Interceptor
    {
        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            try
            {
                return await continuation(request, context);
            }
            catch (CrucibleException e)
            {
                var trailers = new Metadata();
                if (e.RetryAfter is { } retry)
                {
                    trailers.Add(RetryAfterKey, Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
                }

                throw new RpcException(new Status(Of(e.Code), e.Message), trailers);
            }
        }
    }
}
