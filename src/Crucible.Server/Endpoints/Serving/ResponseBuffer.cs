using System.Buffers;

namespace Crucible.Server.Endpoints.Serving;

/// <summary>
/// A per-thread buffer for small JSON answers, so they go out with a Content-Length instead of chunked framing
/// and without a fresh array per request. Use it synchronously: take, write, <see cref="SendAsync"/> copies it into
/// the response pipe before anything awaits.
/// </summary>
internal static class ResponseBuffer
{
    private const int KeepAtMost = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>An empty buffer for this thread.</summary>
    public static ArrayBufferWriter<byte> Take()
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        return buffer;
    }

    /// <summary>Sends what was written as the JSON body and lets go of very large buffers.</summary>
    public static Task SendAsync(HttpResponse response, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > KeepAtMost)
        {
            _buffer = null;
        }

        return response.BodyWriter.FlushAsync(cancellationToken).AsTask();
    }
}
