using Crucible.Core.Errors;

namespace Crucible.Server.Errors;

/// <summary>HTTP status and MLflow error-code name of each <see cref="ErrorCode"/> (MLflow's <c>ERROR_CODE_TO_HTTP_STATUS</c>).</summary>
internal static class ErrorStatus
{
    public static int Http(ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue or ErrorCode.BadRequest or ErrorCode.ResourceAlreadyExists => 400,
        ErrorCode.Unauthenticated => 401,
        ErrorCode.PermissionDenied => 403,
        ErrorCode.ResourceDoesNotExist or ErrorCode.EndpointNotFound => 404,
        ErrorCode.ResourceConflict => 409,
        ErrorCode.PayloadTooLarge => 413,
        ErrorCode.RequestLimitExceeded => 429,
        ErrorCode.TemporarilyUnavailable => 503,
        _ => 500,
    };

    /// <summary>MLflow's name for the code, e.g. <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public static string Name(ErrorCode code) => code switch
    {
        // MLflow has no name for 413; its clients map unknown names to errors, so the status says "too large" and the name stays one they know.
        ErrorCode.InvalidParameterValue or ErrorCode.PayloadTooLarge => "INVALID_PARAMETER_VALUE",
        ErrorCode.BadRequest => "BAD_REQUEST",
        ErrorCode.ResourceAlreadyExists => "RESOURCE_ALREADY_EXISTS",
        ErrorCode.ResourceDoesNotExist => "RESOURCE_DOES_NOT_EXIST",
        ErrorCode.EndpointNotFound => "ENDPOINT_NOT_FOUND",
        ErrorCode.ResourceConflict => "RESOURCE_CONFLICT",
        ErrorCode.Unauthenticated => "UNAUTHENTICATED",
        ErrorCode.PermissionDenied => "PERMISSION_DENIED",
        ErrorCode.RequestLimitExceeded => "REQUEST_LIMIT_EXCEEDED",
        ErrorCode.InvalidState => "INVALID_STATE",
        ErrorCode.DataLoss => "DATA_LOSS",
        ErrorCode.TemporarilyUnavailable => "TEMPORARILY_UNAVAILABLE",
        _ => "INTERNAL_ERROR",
    };

    /// <summary>The error code a bare HTTP status stands for (routing's 404/405, Kestrel's 413...).</summary>
    public static ErrorCode FromHttp(int status) => status switch
    {
        404 => ErrorCode.EndpointNotFound,
        405 => ErrorCode.BadRequest,
        413 => ErrorCode.PayloadTooLarge,
        401 => ErrorCode.Unauthenticated,
        403 => ErrorCode.PermissionDenied,
        429 => ErrorCode.RequestLimitExceeded,
        503 => ErrorCode.TemporarilyUnavailable,
        >= 500 => ErrorCode.InternalError,
        _ => ErrorCode.BadRequest,
    };
}
