namespace Crucible.Core.Errors;

/// <summary>
/// The one error vocabulary of Crucible. Each API family maps these to its own wire format in one place
/// (MLflow's <c>{error_code, message}</c>, the inference protocol's <c>{error}</c>, ProblemDetails).
/// The names follow MLflow's <c>ErrorCode</c> so that the MLflow mapping is the identity.
/// </summary>
public enum ErrorCode
{
    InvalidParameterValue,
    BadRequest,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    EndpointNotFound,
    ResourceConflict,
    Unauthenticated,
    PermissionDenied,
    RequestLimitExceeded,
    InvalidState,
    DataLoss,
    InternalError,
    TemporarilyUnavailable,

    /// <summary>The request body is larger than the endpoint accepts (HTTP 413; MLflow's clients read it as <c>INVALID_PARAMETER_VALUE</c>).</summary>
    PayloadTooLarge,
}
