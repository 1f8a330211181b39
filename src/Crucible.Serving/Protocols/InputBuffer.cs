using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Protocols;

/// <summary>
/// The typed array behind one model input while a row-wise body (an MLflow dataframe, <c>instances</c>, CSV) is
/// read cell by cell. <see cref="RowDims"/> are the tensor's dimensions after the batch dimension.
/// </summary>
internal abstract class InputBuffer
{
    private protected InputBuffer(OnnxValueInfo input, int index, ServingLimits limits)
    {
        Input = input;
        Index = index;
        Context = new ElementContext(input.Name, input.Type.ElementType, limits.MaxStringBytes);
    }

    public OnnxValueInfo Input { get; }

    /// <summary>Position of the input in the signature.</summary>
    public int Index { get; }

    public ElementContext Context { get; }

    public long[] RowDims { get; set; } = [];

    public long PerRow { get; set; } = 1;

    public static InputBuffer Create(OnnxValueInfo input, int index, ServingLimits limits)
    {
        if (input.Type.Kind != OnnxValueKind.Tensor)
        {
            throw CrucibleException.Invalid($"input '{input.Name}' is {input.Type}, which a scoring request cannot carry");
        }

        return input.Type.ElementType switch
        {
            OnnxElementType.Fp32 => new InputBuffer<float>(input, index, limits),
            OnnxElementType.Fp64 => new InputBuffer<double>(input, index, limits),
            OnnxElementType.Fp16 => new InputBuffer<Half>(input, index, limits),
            OnnxElementType.Bf16 or OnnxElementType.Uint16 => new InputBuffer<ushort>(input, index, limits),
            OnnxElementType.Int64 => new InputBuffer<long>(input, index, limits),
            OnnxElementType.Int32 => new InputBuffer<int>(input, index, limits),
            OnnxElementType.Int16 => new InputBuffer<short>(input, index, limits),
            OnnxElementType.Int8 => new InputBuffer<sbyte>(input, index, limits),
            OnnxElementType.Uint64 => new InputBuffer<ulong>(input, index, limits),
            OnnxElementType.Uint32 => new InputBuffer<uint>(input, index, limits),
            OnnxElementType.Uint8 => new InputBuffer<byte>(input, index, limits),
            OnnxElementType.Bool => new InputBuffer<bool>(input, index, limits),
            OnnxElementType.Bytes => new InputBuffer<string>(input, index, limits),
            _ => throw CrucibleException.Invalid($"input '{input.Name}' has element type {input.Type.ElementType.ToOipDatatype()}, which a scoring request cannot carry"),
        };
    }

    public abstract void Allocate(int count);

    /// <summary>Reads one JSON cell (a value or nested lists of <paramref name="cellDims"/>) at <paramref name="offset"/>.</summary>
    public abstract void ReadJson(ref Utf8JsonReader reader, int offset, ReadOnlySpan<long> cellDims, int cellCount);

    /// <summary>Reads one CSV field at <paramref name="offset"/>.</summary>
    public abstract void ReadText(ReadOnlySpan<byte> text, bool escapedQuotes, int offset, long line);

    public abstract OnnxTensor ToTensor(long rows);
}

internal sealed class InputBuffer<T> : InputBuffer
{
    private T[] _data = [];

    public InputBuffer(OnnxValueInfo input, int index, ServingLimits limits)
        : base(input, index, limits)
    {
    }

    public override void Allocate(int count) => _data = JsonTensorReader.Allocate<T>(count);

    public override void ReadJson(ref Utf8JsonReader reader, int offset, ReadOnlySpan<long> cellDims, int cellCount) =>
        TensorDataReader.Read(ref reader, cellDims, _data.AsSpan(offset, cellCount), Context, allowScalar: true);

    public override void ReadText(ReadOnlySpan<byte> text, bool escapedQuotes, int offset, long line) =>
        _data[offset] = TextElementReader<T>.Read(text, escapedQuotes, Context, line);

    public override OnnxTensor ToTensor(long rows) => JsonTensorReader.Wrap(_data, [rows, .. RowDims], Context.Type);
}
