using System.Runtime.InteropServices;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Onnx.Runtime;

/// <summary>Copies an output <see cref="Ort.OrtValue"/> into .NET values: typed arrays, strings, sequences and maps.</summary>
internal static class OrtValueReader
{
    /// <summary>Reads <paramref name="value"/>; the caller still disposes it.</summary>
    public static OnnxValue Read(Ort.OrtValue value) => value.OnnxType switch
    {
        Ort.OnnxValueType.ONNX_TYPE_TENSOR => ReadTensor(value),
        Ort.OnnxValueType.ONNX_TYPE_SEQUENCE => ReadSequence(value),
        Ort.OnnxValueType.ONNX_TYPE_MAP => new OnnxMap(ReadPart(value, 0).AsTensor(), ReadPart(value, 1).AsTensor()),
        var kind => throw new NotSupportedException(
            $"reading an ONNX {(OnnxValueKind)(int)kind} output is not supported; request tensor, sequence or map outputs only"),
    };

    /// <summary>A sequence element or map half (0 = keys, 1 = values), which ORT hands over as a new value.</summary>
    private static OnnxValue ReadPart(Ort.OrtValue value, int index)
    {
        using var part = value.GetValue(index, Ort.OrtAllocator.DefaultInstance);
        return Read(part);
    }

    private static OnnxSequence ReadSequence(Ort.OrtValue value)
    {
        var items = new OnnxValue[value.GetValueCount()];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ReadPart(value, i);
        }

        return new OnnxSequence(items);
    }

    private static OnnxTensor ReadTensor(Ort.OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var type = (OnnxElementType)(int)info.ElementDataType;
        var shape = info.Shape;
        var n = checked((int)info.ElementCount);
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
            OnnxElementType.Bytes => new OnnxTensor<string>(n == 0 ? [] : value.GetStringTensorAsArray(), shape),
            _ => throw new NotSupportedException($"reading {type} tensors is not supported"),
        };
    }

    /// <summary>
    /// One copy out of ORT's buffer into a fresh array. The raw bytes are reinterpreted rather than read through
    /// GetTensorDataAsSpan, whose types are ORT's own (Float16, BFloat16) while Crucible's are Half and ushort bits.
    /// </summary>
    private static OnnxTensor<T> Copy<T>(Ort.OrtValue value, long[] shape, int count, OnnxElementType type)
        where T : unmanaged
    {
        var data = GC.AllocateUninitializedArray<T>(count);
        if (count > 0)
        {
            MemoryMarshal.Cast<byte, T>(value.GetTensorMutableRawData())[..count].CopyTo(data);
        }

        return new OnnxTensor<T>(data, shape, type);
    }
}
