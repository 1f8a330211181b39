using Crucible.Onnx.Model;

namespace Crucible.Onnx.Values;

/// <summary>
/// A dense tensor: element type, shape and data. Create inputs with <see cref="FromArray{T}(T[], long[])"/> or
/// <see cref="FromMemory{T}(ReadOnlyMemory{T}, long[])"/>; the data is pinned only for the duration of a Run, so
/// memory that is already pinned (pooled, or GC.AllocateArray(pinned: true)) costs nothing extra. Outputs are
/// <see cref="OnnxTensor{T}"/> over fresh arrays. Strings (BYTES) use <c>T = string</c>; FP16 uses <see cref="Half"/>.
/// </summary>
public abstract class OnnxTensor : OnnxValue
{
    private protected OnnxTensor(OnnxElementType elementType, long[] shape, int length)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"a tensor shape cannot have negative dimensions: [{string.Join(',', shape)}]", nameof(shape));
            }

            count *= d;
        }

        if (count != length)
        {
            throw new ArgumentException($"shape [{string.Join(',', shape)}] holds {count} elements but the data has {length}", nameof(shape));
        }

        ElementType = elementType;
        Shape = shape;
    }

    public override OnnxValueKind Kind => OnnxValueKind.Tensor;

    public OnnxElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    public abstract int Length { get; }

    internal long[] ShapeArray => (long[])Shape;

    public static OnnxTensor<T> FromArray<T>(T[] data, params long[] shape) => new(data, shape);

    public static OnnxTensor<T> FromMemory<T>(ReadOnlyMemory<T> data, params long[] shape) => new(data, shape);

    /// <summary>A one-dimensional tensor over <paramref name="data"/>.</summary>
    public static OnnxTensor<T> Vector<T>(params T[] data) => new(data, [data.Length]);

    /// <summary>The data as <typeparamref name="T"/>; throws when the tensor holds another .NET type.</summary>
    public ReadOnlySpan<T> AsSpan<T>() => As<T>().Data.Span;

    /// <summary>A copy of the data as <typeparamref name="T"/>; throws when the tensor holds another .NET type.</summary>
    public T[] ToArray<T>() => As<T>().Data.ToArray();

    public OnnxTensor<T> As<T>() => this as OnnxTensor<T>
        ?? throw new InvalidCastException($"the tensor holds {ElementType.ToOipDatatype()} ({ClrType.Name}), not {typeof(T).Name}");

    private protected abstract Type ClrType { get; }

    /// <summary>Makes an OrtValue over this tensor for one Run; <paramref name="pin"/> must stay alive until it is disposed.</summary>
    internal abstract Microsoft.ML.OnnxRuntime.OrtValue CreateOrtValue(out System.Buffers.MemoryHandle pin);
}
