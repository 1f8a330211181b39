using Amazon.S3;
using Amazon.S3.Model;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;

namespace Crucible.Artifacts.S3;

/// <summary>Folder semantics over flat S3 keys: listing direct children and deleting everything under a prefix.</summary>
internal static class S3Listing
{
    /// <summary>The most keys one DeleteObjects call accepts (and one list page returns).</summary>
    private const int BatchSize = 1000;

    /// <summary>Direct children of <paramref name="listPrefix"/> ("" or ending in "/"), paging through every result.</summary>
    public static async Task<IReadOnlyList<ArtifactEntry>> ListChildrenAsync(
        IAmazonS3 client, string bucket, string listPrefix, string folder, CancellationToken cancellationToken)
    {
        var entries = new List<ArtifactEntry>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = listPrefix, Delimiter = "/" };
        ListObjectsV2Response response;
        do
        {
            response = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var commonPrefix in response.CommonPrefixes ?? [])
            {
                var name = commonPrefix[listPrefix.Length..].TrimEnd('/');
                if (IsPlainName(name))
                {
                    entries.Add(new ArtifactEntry(ArtifactPath.Combine(folder, name), IsDir: true, FileSize: null));
                }
            }

            foreach (var item in response.S3Objects ?? [])
            {
                var name = item.Key[listPrefix.Length..];
                if (IsPlainName(name))
                {
                    entries.Add(new ArtifactEntry(ArtifactPath.Combine(folder, name), IsDir: false, item.Size ?? 0));
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true && !string.IsNullOrEmpty(response.NextContinuationToken));

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <summary>Deletes every object whose key starts with <paramref name="folderPrefix"/>, a thousand at a time.</summary>
    public static async Task DeleteUnderAsync(IAmazonS3 client, string bucket, string folderPrefix, CancellationToken cancellationToken)
    {
        while (true)
        {
            var list = new ListObjectsV2Request { BucketName = bucket, Prefix = folderPrefix, MaxKeys = BatchSize };
            var page = await client.ListObjectsV2Async(list, cancellationToken).ConfigureAwait(false);
            if (page.S3Objects is not { Count: > 0 } objects)
            {
                return;
            }

            var delete = new DeleteObjectsRequest
            {
                BucketName = bucket,
                Objects = objects.Select(o => new KeyVersion { Key = o.Key }).ToList(),
                Quiet = true,
            };
            var result = await client.DeleteObjectsAsync(delete, cancellationToken).ConfigureAwait(false);
            if (result.DeleteErrors is { Count: > 0 } errors)
            {
                var first = errors[0];
                throw new CrucibleException(
                    ErrorCode.InternalError,
                    $"Could not delete {errors.Count} object(s) under s3://{bucket}/{folderPrefix}; first: '{first.Key}' ({first.Code}: {first.Message}).");
            }

            if (page.IsTruncated != true)
            {
                return;
            }
        }
    }

    /// <summary>A single path segment that can be an artifact name (keys written by other tools may not be).</summary>
    private static bool IsPlainName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal);
}
