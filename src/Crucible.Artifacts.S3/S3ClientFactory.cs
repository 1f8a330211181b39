using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Crucible.Artifacts.S3;

/// <summary>Builds the SDK client the way MLflow users expect an S3 artifact store to be configured.</summary>
internal static class S3ClientFactory
{
    /// <summary>Environment variables that name an S3-compatible endpoint, in priority order.</summary>
    public static readonly string[] EndpointVariables = ["MLFLOW_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL"];

    public static AmazonS3Client Create(S3ArtifactStoreOptions options, Func<string, string?> environment)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };

        var endpoint = ResolveEndpoint(options, environment);
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        var credentials = ExplicitCredentials(options);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <summary>The options' endpoint, else the first non-empty endpoint variable, else null (AWS itself).</summary>
    public static string? ResolveEndpoint(S3ArtifactStoreOptions options, Func<string, string?> environment)
    {
        if (options.EndpointUrl is not null)
        {
            return options.EndpointUrl.AbsoluteUri;
        }

        foreach (var variable in EndpointVariables)
        {
            var value = environment(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    private static AWSCredentials? ExplicitCredentials(S3ArtifactStoreOptions options)
    {
        if (string.IsNullOrEmpty(options.AccessKeyId) || string.IsNullOrEmpty(options.SecretAccessKey))
        {
            return null;
        }

        return string.IsNullOrEmpty(options.SessionToken)
            ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
            : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
    }
}
