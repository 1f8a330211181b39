using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;

namespace Crucible.Artifacts.S3;

/// <summary>
/// An <see cref="IArtifactStore"/> backed by an S3 bucket (or an S3-compatible server) under an optional key
/// prefix. Uploads stream part by part; folders are key prefixes ending in <c>/</c>.
/// </summary>
public sealed class S3ArtifactStore : IArtifactStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly int _partSize;

    /// <summary>Creates a store with its own SDK client built from <paramref name="options"/>.</summary>
    public S3ArtifactStore(S3ArtifactStoreOptions options)
        : this(S3ClientFactory.Create(Validate(options), Environment.GetEnvironmentVariable), options, ownsClient: true)
    {
    }

    /// <summary>Creates a store over a caller-owned client; only the bucket, prefix and part size of <paramref name="options"/> are used.</summary>
    public S3ArtifactStore(IAmazonS3 client, S3ArtifactStoreOptions options)
        : this(client, Validate(options), ownsClient: false)
    {
    }

    private S3ArtifactStore(IAmazonS3 client, S3ArtifactStoreOptions options, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _ownsClient = ownsClient;
        _bucket = options.Bucket;
        _prefix = NormalizePrefix(options.Prefix);
        _partSize = options.PartSize;
        RootUri = _prefix.Length == 0 ? $"s3://{_bucket}" : $"s3://{_bucket}/{_prefix}";
    }

    /// <inheritdoc />
    public string RootUri { get; }

    /// <summary>
    /// Creates a store from <c>s3://bucket/prefix</c>; the bucket and prefix of <paramref name="options"/>
    /// (endpoint, region, credentials, part size are kept) are replaced by the URI's.
    /// </summary>
    public static S3ArtifactStore FromUri(string uri, S3ArtifactStoreOptions? options = null)
    {
        var (bucket, prefix) = ParseUri(uri);
        return new S3ArtifactStore((options ?? new S3ArtifactStoreOptions()) with { Bucket = bucket, Prefix = prefix });
    }

    /// <summary>Splits <c>s3://bucket/prefix</c> into its bucket and key prefix.</summary>
    public static (string Bucket, string Prefix) ParseUri(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        const string scheme = "s3://";
        if (!uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw CrucibleException.Invalid($"'{uri}' is not an S3 location (expected s3://bucket/prefix).");
        }

        var rest = uri[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            throw CrucibleException.Invalid($"'{uri}' names no bucket (expected s3://bucket/prefix).");
        }

        return (bucket, NormalizePrefix(prefix));
    }

    /// <inheritdoc />
    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            throw CrucibleException.Invalid("An artifact path is required to write a file.");
        }

        var key = KeyFor(normalized);
        try
        {
            await S3Upload.UploadAsync(_client, _bucket, key, content, _partSize, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw S3Errors.Map(ex, _bucket, key, normalized);
        }
        catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
        {
            throw S3Errors.Unreachable(ex, _bucket);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            throw CrucibleException.NotFound("The artifact root is a folder, not a file.");
        }

        var key = KeyFor(normalized);
        try
        {
            var request = new GetObjectRequest { BucketName = _bucket, Key = key };
#pragma warning disable CA2000 // The response stream is handed to the caller, who disposes it (and the response with it).
            var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
#pragma warning restore CA2000
            return response.ResponseStream;
        }
        catch (AmazonServiceException ex)
        {
            throw S3Errors.Map(ex, _bucket, key, normalized);
        }
        catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
        {
            throw S3Errors.Unreachable(ex, _bucket);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ArtifactEntry>> ListAsync(string path, CancellationToken cancellationToken)
    {
        var normalized = ArtifactPath.Normalize(path);
        var key = KeyFor(normalized);
        var listPrefix = key.Length == 0 ? string.Empty : key + "/";
        try
        {
            return await S3Listing.ListChildrenAsync(_client, _bucket, listPrefix, normalized, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw S3Errors.Map(ex, _bucket, listPrefix, normalized);
        }
        catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
        {
            throw S3Errors.Unreachable(ex, _bucket);
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            throw CrucibleException.Invalid("Refusing to delete the artifact root; name a file or folder.");
        }

        var key = KeyFor(normalized);
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            await S3Listing.DeleteUnderAsync(_client, _bucket, key + "/", cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw S3Errors.Map(ex, _bucket, key, normalized);
        }
        catch (Exception ex) when (IsUnreachable(ex, cancellationToken))
        {
            throw S3Errors.Unreachable(ex, _bucket);
        }
    }

    /// <summary>Disposes the SDK client when this store created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>The object key of a path; normalizes again so a caller's mistake can never escape the prefix.</summary>
    private string KeyFor(string path) => ArtifactPath.Combine(_prefix, ArtifactPath.Normalize(path));

    private static bool IsUnreachable(Exception ex, CancellationToken cancellationToken) =>
        ex is AmazonClientException or HttpRequestException
        || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static S3ArtifactStoreOptions Validate(S3ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Bucket) || options.Bucket.Contains('/', StringComparison.Ordinal))
        {
            throw CrucibleException.Invalid($"Invalid S3 bucket name '{options.Bucket}'.");
        }

        if (options.PartSize < S3ArtifactStoreOptions.MinPartSize)
        {
            throw CrucibleException.Invalid($"The S3 part size must be at least {S3ArtifactStoreOptions.MinPartSize} bytes.");
        }

        // Surfaces a bad prefix before a client is created, so nothing is left undisposed.
        _ = NormalizePrefix(options.Prefix);
        return options;
    }

    private static string NormalizePrefix(string? prefix) => ArtifactPath.Normalize(prefix?.Trim('/'));
}
