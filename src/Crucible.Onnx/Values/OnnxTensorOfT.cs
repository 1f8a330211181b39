using System.Buffers;
using System.Runtime.CompilerServices;
using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;

namespace Crucible.Onnx.Values;

/// <summary>A tensor whose elements are the .NET type <typeparamref name="T"/>.</summary>
public sealed class OnnxTensor<T> : OnnxTensor
{
    private readonly ReadOnlyMemory<T> _data;

    public OnnxTensor(ReadOnlyMemory<T> data, params long[] shape)
        : this(data, shape, DefaultElementType())
    {
    }

    /// <summary>
    /// A tensor with an explicit element type of the same size as <typeparamref name="T"/>, for types .NET lacks
    /// (BF16 as <see cref="ushort"/> bits).
    /// </summary>
    public OnnxTensor(ReadOnlyMemory<T> data, long[] shape, OnnxElementType elementType)
        : base(elementType, shape, data.Length)
    {
        var natural = OnnxElementTypes.FromClrType(typeof(T));
        if (natural != elementType && (natural == OnnxElementType.Bytes || natural.SizeInBytes() != elementType.SizeInBytes() || natural == OnnxElementType.Undefined))
        {
            throw new ArgumentException($"{typeof(T).Name} cannot carry {elementType.ToOipDatatype()} elements", nameof(elementType));
        }

        _data = data;
    }

    public ReadOnlyMemory<T> Data => _data;

    public override int Length => Data.Length;

    private protected override Type ClrType => typeof(T);

    internal override Microsoft.ML.OnnxRuntime.OrtValue CreateOrtValue(out MemoryHandle pin)
    {
        if (typeof(T) == typeof(string))
        {
            pin = default;
            return OrtInputValues.Strings(Unsafe.As<ReadOnlyMemory<T>, ReadOnlyMemory<string>>(ref Unsafe.AsRef(in _data)).Span, ShapeArray);
        }

        return OrtInputValues.Wrap(_data, ShapeArray, ElementType, Unsafe.SizeOf<T>(), out pin);
    }

    public override string ToString() => $"{ElementType.ToOipDatatype()}[{string.Join(',', Shape)}]";

    private static OnnxElementType DefaultElementType()
    {
        var type = OnnxElementTypes.FromClrType(typeof(T));
        return type != OnnxElementType.Undefined
            ? type
            : throw new ArgumentException($"{typeof(T).Name} is not a tensor element type; use float, double, Half, bool, string or an integer type");
    }
}
