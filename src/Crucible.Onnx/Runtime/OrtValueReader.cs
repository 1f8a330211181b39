using System.Text;

namespace Crucible.Onnx;

/// <summary>Copies an ORT-owned output OrtValue into .NET values: typed arrays, strings, sequences and maps.</summary>
internal static unsafe class OrtValueReader
{
    /// <summary>Reads <paramref name="value"/>; the caller still releases it.</summary>
    public static OnnxValue Read(nint value, nint allocator)
    {
        var kind = OrtNative.GetValueType(value);
        return kind switch
        {
            OnnxValueKind.Tensor => ReadTensor(value),
            OnnxValueKind.Sequence => ReadSequence(value, allocator),
            OnnxValueKind.Map => new OnnxMap(ReadOwned(OrtNative.GetValue(value, 0, allocator), allocator).AsTensor(),
                ReadOwned(OrtNative.GetValue(value, 1, allocator), allocator).AsTensor()),
            _ => throw new NotSupportedException($"reading an ONNX {kind} output is not supported; request tensor, sequence or map outputs only"),
        };
    }

    /// <summary>Reads a sequence element or map half, which ORT hands over as a new value the reader owns.</summary>
    private static OnnxValue ReadOwned(nint value, nint allocator)
    {
        using var handle = new OrtValueHandle(value);
        return Read(handle.DangerousGetHandle(), allocator);
    }

    private static OnnxSequence ReadSequence(nint value, nint allocator)
    {
        var items = new OnnxValue[OrtNative.GetValueCount(value)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadOwned(OrtNative.GetValue(value, i, allocator), allocator);
        }

        return new OnnxSequence(items);
    }

    private static OnnxTensor ReadTensor(nint value)
    {
        var info = OrtNative.GetTensorTypeAndShape(value);
        OnnxElementType type;
        long[] shape;
        try
        {
            type = OrtNative.GetTensorElementType(info);
            shape = OrtNative.GetShape(info, withSymbols: false).Dims;
        }
        finally
        {
            OrtNative.Release(OrtNative.Slot.ReleaseTensorTypeAndShapeInfo, info);
        }

        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }

        var n = checked((int)count);
        return type switch
        {
            OnnxElementType.Fp32 => Copy<float>(value, shape, n, type),
            OnnxElementType.Fp64 => Copy<double>(value, shape, n, type),
            OnnxElementType.Fp16 => Copy<Half>(value, shape, n, type),
            OnnxElementType.Bf16 => Copy<ushort>(value, shape, n, type),
            OnnxElementType.Int64 => Copy<long>(value, shape, n, type),
            OnnxElementType.Int32 => Copy<int>(value, shape, n, type),
            OnnxElementType.Int16 => Copy<short>(value, shape, n, type),
            OnnxElementType.Int8 => Copy<sbyte>(value, shape, n, type),
            OnnxElementType.Uint64 => Copy<ulong>(value, shape, n, type),
            OnnxElementType.Uint32 => Copy<uint>(value, shape, n, type),
            OnnxElementType.Uint16 => Copy<ushort>(value, shape, n, type),
            OnnxElementType.Uint8 => Copy<byte>(value, shape, n, type),
            OnnxElementType.Bool => Copy<bool>(value, shape, n, type),
            OnnxElementType.Bytes => ReadStrings(value, shape, n),
            _ => throw new NotSupportedException($"reading {type} tensors is not supported"),
        };
    }

    private static OnnxTensor<T> Copy<T>(nint value, long[] shape, int count, OnnxElementType type)
        where T : unmanaged
    {
        var data = GC.AllocateUninitializedArray<T>(count);
        if (count > 0)
        {
            var source = OrtNative.GetTensorMutableData(value);
            new ReadOnlySpan<T>(source, count).CopyTo(data);
        }

        return new OnnxTensor<T>(data, shape, type);
    }

    private static OnnxTensor<string> ReadStrings(nint value, long[] shape, int count)
    {
        var strings = new string[count];
        if (count > 0)
        {
            var length = OrtNative.GetStringTensorDataLength(value);
            var buffer = new byte[(int)length];
            var offsets = new nuint[count];
            fixed (byte* b = buffer)
            fixed (nuint* o = offsets)
            {
                OrtNative.GetStringTensorContent(value, b, length, o, count);
            }

            for (var i = 0; i < count; i++)
            {
                var start = (int)offsets[i];
                var end = i + 1 < count ? (int)offsets[i + 1] : buffer.Length;
                strings[i] = Encoding.UTF8.GetString(buffer, start, end - start);
            }
        }

        return new OnnxTensor<string>(strings, shape);
    }
}
