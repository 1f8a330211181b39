using System.Security.Cryptography;

namespace Crucible.Storage.Tests.Artifacts;

/// <summary>Deterministic test content and a non-seekable stream that can fail part-way.</summary>
internal static class TestData
{
    public static byte[] Bytes(int length, int seed = 42)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}

/// <summary>
/// Serves <c>data</c> in odd-sized chunks without seeking or a known length. When <c>stopAfter</c> bytes have been
/// served it runs <c>atStop</c> (e.g. cancels a token), then throws: <see cref="OperationCanceledException"/> if the
/// read's token is cancelled, else an <see cref="IOException"/>.
/// </summary>
internal sealed class TrickleStream(byte[] data, long stopAfter = long.MaxValue, Action? atStop = null) : Stream
{
    private const int Chunk = 65_543;
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count), CancellationToken.None);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count), cancellationToken));

    private int Read(Span<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_position >= stopAfter)
        {
            atStop?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            throw new IOException("Simulated failure of the upload's source stream.");
        }

        var count = (int)Math.Min(Math.Min(buffer.Length, Chunk), Math.Min(data.Length - _position, stopAfter - _position));
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
