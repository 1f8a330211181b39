using System.Net;
using Amazon.Runtime;
using Crucible.Core.Errors;

namespace Crucible.Artifacts.S3;

/// <summary>Translates S3 SDK failures into <see cref="CrucibleException"/>s with messages an operator can act on.</summary>
internal static class S3Errors
{
    /// <summary>Maps a service error for <paramref name="key"/> (the object key) in <paramref name="bucket"/>.</summary>
    public static CrucibleException Map(AmazonServiceException ex, string bucket, string key, string artifactPath)
    {
        var where = $"s3://{bucket}/{key}";
        var code = ex.ErrorCode ?? string.Empty;
        if (code == "NoSuchBucket")
        {
            return new CrucibleException(
                ErrorCode.InternalError,
                $"The S3 bucket '{bucket}' of the artifact store does not exist; create it or fix the artifact location.",
                ex);
        }

        if (code is "NoSuchKey" or "NotFound" || ex.StatusCode == HttpStatusCode.NotFound)
        {
            return new CrucibleException(ErrorCode.ResourceDoesNotExist, $"Artifact '{artifactPath}' does not exist.", ex);
        }

        if (code is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken"
            || ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return new CrucibleException(
                ErrorCode.PermissionDenied,
                $"The artifact store was denied access to {where} ({Describe(ex)}); check the S3 credentials and bucket policy.",
                ex);
        }

        if (code is "SlowDown" or "ServiceUnavailable" || ex.StatusCode is HttpStatusCode.ServiceUnavailable)
        {
            return new CrucibleException(ErrorCode.TemporarilyUnavailable, $"S3 is throttling requests to {where}; retry later.", ex);
        }

        return new CrucibleException(ErrorCode.InternalError, $"The S3 request for {where} failed: {Describe(ex)}.", ex);
    }

    /// <summary>Maps a client-side failure (endpoint unreachable, DNS, TLS) for <paramref name="bucket"/>.</summary>
    public static CrucibleException Unreachable(Exception ex, string bucket) =>
        new(
            ErrorCode.TemporarilyUnavailable,
            $"Could not reach the S3 endpoint for bucket '{bucket}': {ex.Message}",
            ex);

    private static string Describe(AmazonServiceException ex) =>
        $"{(string.IsNullOrEmpty(ex.ErrorCode) ? "error" : ex.ErrorCode)}, HTTP {(int)ex.StatusCode}: {ex.Message}";
}
