using Crucible.Core.Errors;

namespace Crucible.Onnx.Model;

/// <summary>
/// Reads an ONNX model file's <see cref="OnnxModelInfo"/> in memory bounded by the model's structure, not its weights:
/// the protobuf is walked on the wire and copied without the <c>raw_data</c> of the graph's initializers (skipped by
/// seeking; their sizes are still counted in <see cref="OnnxModelInfo.InitializerBytes"/>), and only that outline is
/// parsed. A 600 MiB model of weights reads in a few KiB. The structure itself (nodes, typed constant fields,
/// metadata) is capped at <see cref="MaxOutlineBytes"/>.
/// </summary>
public static class OnnxModelOutline
{
    /// <summary>The most bytes of a model that are not initializer raw data this reader will hold.</summary>
    public const long MaxOutlineBytes = 256L * 1024 * 1024;

    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorRawData = 9;

    /// <summary>The summary of the model in <paramref name="path"/>; a malformed file is "not an ONNX model" (InvalidParameterValue).</summary>
    public static OnnxModelInfo Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        long skipped = 0;
        using var outline = new MemoryStream();
        Copy(file, file.Length, Level.Model, outline, ref skipped);
        var info = OnnxModelReader.Read(outline.GetBuffer().AsSpan(0, (int)outline.Length));
        return info with { InitializerBytes = info.InitializerBytes + skipped };
    }

    private enum Level
    {
        Model,
        Graph,
        Tensor,
    }

    /// <summary>Copies the fields of one message from <paramref name="input"/> (up to <paramref name="end"/>), outlining nested ones.</summary>
    private static void Copy(Stream input, long end, Level level, MemoryStream output, ref long skipped)
    {
        while (input.Position < end)
        {
            var tag = ReadVarint(input, end);
            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            switch (wire)
            {
                case 0:
                    WriteVarint(output, tag);
                    WriteVarint(output, ReadVarint(input, end));
                    break;
                case 1:
                case 5:
                    WriteVarint(output, tag);
                    CopyBytes(input, output, wire == 1 ? 8 : 4, end);
                    break;
                case 2:
                    var length = ReadVarint(input, end);
                    if (length > (ulong)(end - input.Position))
                    {
                        throw NotOnnx("a field runs past the end of the file (truncated or corrupt file?)");
                    }

                    var fieldEnd = input.Position + (long)length;
                    if (level == Level.Tensor && field == TensorRawData)
                    {
                        skipped += (long)length;
                        input.Seek(fieldEnd, SeekOrigin.Begin);
                    }
                    else if ((level == Level.Model && field == ModelGraph) || (level == Level.Graph && field == GraphInitializer))
                    {
                        using var nested = new MemoryStream();
                        Copy(input, fieldEnd, level == Level.Model ? Level.Graph : Level.Tensor, nested, ref skipped);
                        WriteVarint(output, tag);
                        WriteVarint(output, (ulong)nested.Length);
                        Append(output, nested.GetBuffer().AsSpan(0, (int)nested.Length));
                    }
                    else
                    {
                        WriteVarint(output, tag);
                        WriteVarint(output, length);
                        CopyBytes(input, output, (long)length, end);
                    }

                    break;
                default:
                    throw NotOnnx($"wire type {wire} of field {field} is not valid in an ONNX model (truncated or corrupt file?)");
            }
        }

        if (input.Position != end)
        {
            throw NotOnnx("a field runs past the end of its message (truncated or corrupt file?)");
        }
    }

    private static void CopyBytes(Stream input, MemoryStream output, long count, long end)
    {
        if (count > end - input.Position)
        {
            throw NotOnnx("a field runs past the end of the file (truncated or corrupt file?)");
        }

        Check(output, count);
        var at = output.Length;
        output.SetLength(at + count);
        input.ReadExactly(output.GetBuffer().AsSpan((int)at, (int)count));
        output.Position = output.Length;
    }

    private static void Append(MemoryStream output, ReadOnlySpan<byte> bytes)
    {
        Check(output, bytes.Length);
        output.Write(bytes);
    }

    private static void Check(MemoryStream output, long adding)
    {
        if (output.Length + adding > MaxOutlineBytes)
        {
            throw CrucibleException.Invalid(
                $"the model's structure (everything but initializer raw data) is larger than {MaxOutlineBytes} bytes; store large constants as initializers");
        }
    }

    private static ulong ReadVarint(Stream input, long end)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (input.Position >= end)
            {
                throw NotOnnx("a varint runs past the end of its message (truncated or corrupt file?)");
            }

            var b = input.ReadByte();
            if (b < 0)
            {
                throw NotOnnx("the file ends inside a varint (truncated file?)");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw NotOnnx("a varint is longer than 10 bytes (corrupt file?)");
    }

    private static void WriteVarint(MemoryStream output, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var n = 0;
        while (value >= 0x80)
        {
            buffer[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[n++] = (byte)value;
        Append(output, buffer[..n]);
    }

    private static CrucibleException NotOnnx(string reason) =>
        new(ErrorCode.InvalidParameterValue, "not an ONNX model: " + reason);
}
