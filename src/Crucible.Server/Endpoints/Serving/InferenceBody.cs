using System.Buffers;
using Crucible.Core.Errors;

namespace Crucible.Server.Endpoints.Serving;

/// <summary>
/// An inference request body in one pooled buffer: read from the pipe without intermediate copies, refused as soon
/// as it passes the limit (before the rest is read), returned to the pool by <see cref="Dispose"/>.
/// </summary>
internal readonly struct InferenceBody : IDisposable
{
    private readonly byte[] _buffer;

    private InferenceBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public static async ValueTask<InferenceBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new CrucibleException(ErrorCode.PayloadTooLarge, $"Request body of {request.ContentLength} bytes exceeds the limit of {limit} bytes.");
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new CrucibleException(ErrorCode.PayloadTooLarge, $"Request body exceeds the limit of {limit} bytes.");
            }

            if (result.IsCompleted)
            {
                var length = (int)buffer.Length;
                var array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                buffer.CopyTo(array);
                reader.AdvanceTo(buffer.End);
                return new InferenceBody(array, length);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
