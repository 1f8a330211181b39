using System.Net;

namespace Crucible.Client;

/// <summary>
/// A tracking server answered with a non-success status. <see cref="ErrorCode"/> is MLflow's
/// <c>error_code</c> (for example <c>RESOURCE_DOES_NOT_EXIST</c>); when the body is not an MLflow error
/// (a proxy's HTML page, say) it is derived from the HTTP status.
/// </summary>
public sealed class CrucibleApiException : Exception
{
    public CrucibleApiException(HttpStatusCode statusCode, string errorCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>MLflow's error code name, e.g. <c>INVALID_PARAMETER_VALUE</c>.</summary>
    public string ErrorCode { get; }
}
