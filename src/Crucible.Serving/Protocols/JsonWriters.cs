using System.Buffers;
using System.Text.Json;

namespace Crucible.Serving.Protocols;

/// <summary>
/// One <see cref="Utf8JsonWriter"/> per thread, reset onto each response's buffer: writing a small response
/// allocates nothing. <see cref="Return"/> detaches the output so the buffer is not kept alive.
/// </summary>
internal static class JsonWriters
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = t_writer;
        t_writer = null;
        if (writer is null)
        {
            return new Utf8JsonWriter(output);
        }

        writer.Reset(output);
        return writer;
    }

    public static void Return(Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset(Detached);
        t_writer = writer;
    }
}
