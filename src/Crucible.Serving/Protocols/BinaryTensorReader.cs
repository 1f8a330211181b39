using System.Runtime.InteropServices;
using System.Text;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Reads one input's raw bytes from the binary section of an Open Inference Protocol REST request (the binary tensor
/// data extension: <c>"parameters": {"binary_data_size": n}</c> on the input, its bytes after the JSON header in input
/// order): fixed-size elements little-endian and row-major (BOOL one byte each), BYTES as a 4-byte little-endian
/// length before each element. The size must be exactly what the shape and datatype take.
/// </summary>
internal static class BinaryTensorReader
{
    public static OnnxTensor Read(ReadOnlySpan<byte> bytes, long[] shape, int count, in ElementContext context)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new CrucibleException(ErrorCode.InternalError, "binary tensor data is little-endian; this server's processor is not");
        }

        return context.Type switch
        {
            OnnxElementType.Fp32 => Fixed<float>(bytes, shape, count, context),
            OnnxElementType.Fp64 => Fixed<double>(bytes, shape, count, context),
            OnnxElementType.Fp16 => Fixed<Half>(bytes, shape, count, context),
            OnnxElementType.Bf16 => Fixed<ushort>(bytes, shape, count, context),
            OnnxElementType.Int64 => Fixed<long>(bytes, shape, count, context),
            OnnxElementType.Int32 => Fixed<int>(bytes, shape, count, context),
            OnnxElementType.Int16 => Fixed<short>(bytes, shape, count, context),
            OnnxElementType.Int8 => Fixed<sbyte>(bytes, shape, count, context),
            OnnxElementType.Uint64 => Fixed<ulong>(bytes, shape, count, context),
            OnnxElementType.Uint32 => Fixed<uint>(bytes, shape, count, context),
            OnnxElementType.Uint16 => Fixed<ushort>(bytes, shape, count, context),
            OnnxElementType.Uint8 => Fixed<byte>(bytes, shape, count, context),
            OnnxElementType.Bool => Booleans(bytes, shape, count, context),
            OnnxElementType.Bytes => Strings(bytes, shape, count, context),
            _ => throw CrucibleException.Invalid($"input '{context.Input}': datatype {context.Datatype} is not supported"),
        };
    }

    private static OnnxTensor<T> Fixed<T>(ReadOnlySpan<byte> bytes, long[] shape, int count, in ElementContext context)
        where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        if (bytes.Length != (long)count * size)
        {
            throw WrongSize(context, bytes.Length, $"{count} elements of {size} bytes = {(long)count * size} bytes");
        }

        var data = JsonTensorReader.Allocate<T>(count);
        bytes.CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
        return JsonTensorReader.Wrap(data, shape, context.Type);
    }

    private static OnnxTensor<bool> Booleans(ReadOnlySpan<byte> bytes, long[] shape, int count, in ElementContext context)
    {
        if (bytes.Length != count)
        {
            throw WrongSize(context, bytes.Length, $"{count} one-byte booleans");
        }

        var data = JsonTensorReader.Allocate<bool>(count);
        for (var i = 0; i < count; i++)
        {
            data[i] = bytes[i] switch
            {
                0 => false,
                1 => true,
                var b => throw CrucibleException.Invalid($"input '{context.Input}': BOOL element {i} is the byte {b}; a boolean is 0 or 1"),
            };
        }

        return new OnnxTensor<bool>(data, shape);
    }

    private static OnnxTensor<string> Strings(ReadOnlySpan<byte> bytes, long[] shape, int count, in ElementContext context)
    {
        var data = new string[count];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - at < 4)
            {
                throw WrongSize(context, bytes.Length, $"{count} length-prefixed BYTES elements; element {i} has no 4-byte length");
            }

            var length = BitConverter.ToUInt32(bytes[at..]);
            at += 4;
            if (length > (uint)context.MaxStringBytes)
            {
                throw CrucibleException.Invalid($"input '{context.Input}': BYTES element {i} has {length} bytes, more than the limit of {context.MaxStringBytes}");
            }

            if (bytes.Length - at < length)
            {
                throw WrongSize(context, bytes.Length, $"{count} length-prefixed BYTES elements; element {i} needs {length} bytes past byte {at}");
            }

            try
            {
                data[i] = Strict.GetString(bytes.Slice(at, (int)length));
            }
            catch (DecoderFallbackException)
            {
                throw CrucibleException.Invalid($"input '{context.Input}': BYTES element {i} is not valid UTF-8");
            }

            at += (int)length;
        }

        if (at != bytes.Length)
        {
            throw WrongSize(context, bytes.Length, $"{count} length-prefixed BYTES elements in {at} bytes");
        }

        return new OnnxTensor<string>(data, shape);
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static CrucibleException WrongSize(in ElementContext context, int size, string expected) =>
        CrucibleException.Invalid($"input '{context.Input}': binary_data_size is {size} bytes, but its shape and datatype {context.Datatype} take {expected}");
}
