namespace Crucible.Core.Errors;

/// <summary>An error a caller can act on, carrying the <see cref="ErrorCode"/> that decides its HTTP status.</summary>
public class CrucibleException : Exception
{
    public CrucibleException(ErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public ErrorCode Code { get; }

    /// <summary>When the caller may try again (sent as <c>Retry-After</c>), for <see cref="ErrorCode.RequestLimitExceeded"/>; null when not said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static CrucibleException NotFound(string message) => new(ErrorCode.ResourceDoesNotExist, message);

    public static CrucibleException Invalid(string message) => new(ErrorCode.InvalidParameterValue, message);

    public static CrucibleException AlreadyExists(string message) => new(ErrorCode.ResourceAlreadyExists, message);
}
