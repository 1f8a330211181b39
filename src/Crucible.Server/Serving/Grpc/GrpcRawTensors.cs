using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;
using Crucible.Serving.Validation;
using Google.Protobuf;

namespace Crucible.Server.Serving.Grpc;

/// <summary>
/// The raw tensor contents of the gRPC protocol: each tensor's elements as little-endian bytes, row-major, with no
/// padding; BOOL one byte each; BYTES elements each preceded by its length as a 4-byte little-endian integer.
/// </summary>
internal static class GrpcRawTensors
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A typed tensor of <paramref name="count"/> elements from one entry of <c>raw_input_contents</c>.</summary>
    public static OnnxTensor Read(ByteString raw, string name, OnnxElementType type, long[] shape, int count, ServingLimits limits)
    {
        var bytes = raw.Span;
        return type switch
        {
            OnnxElementType.Fp32 => new OnnxTensor<float>(Cast<float>(bytes, name, type, shape, count), shape),
            OnnxElementType.Fp64 => new OnnxTensor<double>(Cast<double>(bytes, name, type, shape, count), shape),
            OnnxElementType.Int64 => new OnnxTensor<long>(Cast<long>(bytes, name, type, shape, count), shape),
            OnnxElementType.Int32 => new OnnxTensor<int>(Cast<int>(bytes, name, type, shape, count), shape),
            OnnxElementType.Int16 => new OnnxTensor<short>(Cast<short>(bytes, name, type, shape, count), shape),
            OnnxElementType.Int8 => new OnnxTensor<sbyte>(Cast<sbyte>(bytes, name, type, shape, count), shape),
            OnnxElementType.Uint64 => new OnnxTensor<ulong>(Cast<ulong>(bytes, name, type, shape, count), shape),
            OnnxElementType.Uint32 => new OnnxTensor<uint>(Cast<uint>(bytes, name, type, shape, count), shape),
            OnnxElementType.Uint16 => new OnnxTensor<ushort>(Cast<ushort>(bytes, name, type, shape, count), shape),
            OnnxElementType.Uint8 => new OnnxTensor<byte>(Cast<byte>(bytes, name, type, shape, count), shape),
            OnnxElementType.Fp16 => new OnnxTensor<Half>(Cast<Half>(bytes, name, type, shape, count), shape),
            OnnxElementType.Bf16 => new OnnxTensor<ushort>(Cast<ushort>(bytes, name, type, shape, count), shape, OnnxElementType.Bf16),
            OnnxElementType.Bool => new OnnxTensor<bool>(Bools(bytes, name, shape, count), shape),
            OnnxElementType.Bytes => new OnnxTensor<string>(Strings(bytes, name, shape, count, limits), shape),
            _ => throw CrucibleException.Invalid($"input '{name}': {type.ToOipDatatype()} has no raw form"),
        };
    }

    /// <summary>The raw bytes of an output tensor, for <c>raw_output_contents</c>.</summary>
    public static ByteString Write(OnnxTensor tensor) => tensor.ElementType switch
    {
        OnnxElementType.Fp32 => Bytes<float>(tensor),
        OnnxElementType.Fp64 => Bytes<double>(tensor),
        OnnxElementType.Int64 => Bytes<long>(tensor),
        OnnxElementType.Int32 => Bytes<int>(tensor),
        OnnxElementType.Int16 => Bytes<short>(tensor),
        OnnxElementType.Int8 => Bytes<sbyte>(tensor),
        OnnxElementType.Uint64 => Bytes<ulong>(tensor),
        OnnxElementType.Uint32 => Bytes<uint>(tensor),
        OnnxElementType.Uint16 or OnnxElementType.Bf16 => Bytes<ushort>(tensor),
        OnnxElementType.Uint8 => Bytes<byte>(tensor),
        OnnxElementType.Fp16 => Bytes<Half>(tensor),
        OnnxElementType.Bool => Bytes<bool>(tensor),
        OnnxElementType.Bytes => Strings(tensor.AsSpan<string>()),
        var other => throw CrucibleException.Invalid($"an output has element type {other.ToOipDatatype()}, which has no raw form"),
    };

    /// <summary>One BYTES element as text: valid UTF-8 (ONNX Runtime's strings), at most the string-length limit.</summary>
    public static string Utf8(ReadOnlySpan<byte> bytes, string name, int element, ServingLimits limits)
    {
        if (bytes.Length > limits.MaxStringBytes)
        {
            throw CrucibleException.Invalid($"input '{name}': element {element} has {bytes.Length} bytes, more than the limit of {limits.MaxStringBytes}");
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw CrucibleException.Invalid($"input '{name}': element {element} is not valid UTF-8");
        }
    }

    private static T[] Cast<T>(ReadOnlySpan<byte> bytes, string name, OnnxElementType type, long[] shape, int count)
        where T : unmanaged
    {
        var size = type.SizeInBytes();
        if (bytes.Length != (long)count * size)
        {
            throw WrongSize(name, type, shape, count, bytes.Length, (long)count * size);
        }

        if (!BitConverter.IsLittleEndian && size > 1)
        {
            throw new PlatformNotSupportedException("raw tensor contents are little-endian; this machine is not");
        }

        var data = GC.AllocateUninitializedArray<T>(count);
        bytes.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        return data;
    }

    private static bool[] Bools(ReadOnlySpan<byte> bytes, string name, long[] shape, int count)
    {
        if (bytes.Length != count)
        {
            throw WrongSize(name, OnnxElementType.Bool, shape, count, bytes.Length, count);
        }

        var data = new bool[count];
        for (var e = 0; e < count; e++)
        {
            data[e] = bytes[e] != 0;
        }

        return data;
    }

    private static string[] Strings(ReadOnlySpan<byte> bytes, string name, long[] shape, int count, ServingLimits limits)
    {
        var data = new string[count];
        var at = 0;
        for (var e = 0; e < count; e++)
        {
            if (bytes.Length - at < 4)
            {
                throw CrucibleException.Invalid($"input '{name}': raw BYTES contents end before element {e} of the {count} that shape {ShapeText.Format(shape)} needs");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
            at += 4;
            if (length > (uint)(bytes.Length - at))
            {
                throw CrucibleException.Invalid($"input '{name}': raw BYTES element {e} claims {length} bytes but only {bytes.Length - at} remain");
            }

            data[e] = Utf8(bytes.Slice(at, (int)length), name, e, limits);
            at += (int)length;
        }

        return at == bytes.Length
            ? data
            : throw CrucibleException.Invalid($"input '{name}': raw BYTES contents hold more than the {count} elements of shape {ShapeText.Format(shape)}");
    }

    private static CrucibleException WrongSize(string name, OnnxElementType type, long[] shape, int count, int got, long expected) =>
        CrucibleException.Invalid(
            $"input '{name}': shape {ShapeText.Format(shape)} of {type.ToOipDatatype()} needs {expected} raw bytes ({count} elements), got {got}");

    private static ByteString Bytes<T>(OnnxTensor tensor)
        where T : unmanaged =>
        ByteString.CopyFrom(MemoryMarshal.AsBytes(tensor.AsSpan<T>()));

    private static ByteString Strings(ReadOnlySpan<string> values)
    {
        var length = 0;
        foreach (var value in values)
        {
            length = checked(length + 4 + Encoding.UTF8.GetByteCount(value));
        }

        var bytes = new byte[length];
        var at = 0;
        foreach (var value in values)
        {
            var written = Encoding.UTF8.GetBytes(value, bytes.AsSpan(at + 4));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)written);
            at += 4 + written;
        }

        return UnsafeByteOperations.UnsafeWrap(bytes);
    }
}
