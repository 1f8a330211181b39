namespace Crucible.Artifacts.S3;

/// <summary>
/// Settings of an <see cref="S3ArtifactStore"/>. Only <see cref="Bucket"/> is required; everything else has
/// MLflow-compatible defaults (endpoint from <c>MLFLOW_S3_ENDPOINT_URL</c> / <c>AWS_ENDPOINT_URL</c>,
/// credentials from the SDK's default chain).
/// </summary>
public sealed record S3ArtifactStoreOptions
{
    /// <summary>The smallest part S3 accepts (except for the last part).</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>The default multipart part size: 8 MiB.</summary>
    public const int DefaultPartSize = 8 * 1024 * 1024;

    /// <summary>The bucket name.</summary>
    public string Bucket { get; init; } = string.Empty;

    /// <summary>Key prefix under which the store's root lives ("" for the bucket root); slashes are trimmed.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>An S3-compatible endpoint (MinIO, moto); null means the environment variables or AWS itself.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>The signing region.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Access key; with <see cref="SecretAccessKey"/> it replaces the SDK's default credential chain.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>Secret key paired with <see cref="AccessKeyId"/>.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>Optional session token for temporary credentials.</summary>
    public string? SessionToken { get; init; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; init; } = true;

    /// <summary>Multipart part size in bytes (at least <see cref="MinPartSize"/>); also the single-PUT threshold.</summary>
    public int PartSize { get; init; } = DefaultPartSize;
}
