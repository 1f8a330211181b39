using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace Crucible.Artifacts.S3;

/// <summary>
/// Streams one object into S3 holding at most one part in memory: content that fits in a single part goes up
/// with PutObject, anything larger (or of unknown length) as a multipart upload that is aborted on failure.
/// </summary>
internal static class S3Upload
{
    /// <summary>S3's limit on the number of parts of one upload.</summary>
    public const int MaxParts = 10_000;

    public static async Task UploadAsync(
        IAmazonS3 client, string bucket, string key, Stream content, int partSize, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            var filled = await FillAsync(content, buffer, partSize, cancellationToken).ConfigureAwait(false);
            if (filled < partSize)
            {
                using var small = new MemoryStream(buffer, 0, filled, writable: false);
                var put = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = small, AutoCloseStream = false };
                await client.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
                return;
            }

            await UploadMultipartAsync(client, bucket, key, content, buffer, partSize, filled, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task UploadMultipartAsync(
        IAmazonS3 client, string bucket, string key, Stream content, byte[] buffer, int partSize, int filled,
        CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = bucket, Key = key };
        var uploadId = (await client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false)).UploadId;
        try
        {
            var parts = new List<PartETag>();
            for (var partNumber = 1; filled > 0; partNumber++)
            {
                if (partNumber > MaxParts)
                {
                    throw Core.Errors.CrucibleException.Invalid(
                        $"The artifact is larger than {MaxParts} parts of {partSize} bytes, the most one S3 upload can hold.");
                }

                using var part = new MemoryStream(buffer, 0, filled, writable: false);
                var request = new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    PartSize = filled,
                    InputStream = part,
                };
                var response = await client.UploadPartAsync(request, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, response.ETag));
                filled = await FillAsync(content, buffer, partSize, cancellationToken).ConfigureAwait(false);
            }

            var complete = new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartETags = parts };
            await client.CompleteMultipartUploadAsync(complete, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortAsync(client, bucket, key, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads until <paramref name="count"/> bytes are in the buffer or the stream ends.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var read = await content.ReadAsync(buffer.AsMemory(total, count - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static async Task AbortAsync(IAmazonS3 client, string bucket, string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled upload must still release its parts.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var abort = new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId };
            await client.AbortMultipartUploadAsync(abort, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The original failure is what the caller needs; a failed abort is left to the bucket's lifecycle rules.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
