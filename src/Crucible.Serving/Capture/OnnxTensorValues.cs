using Crucible.Core.Serving;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;

namespace Crucible.Serving.Capture;

/// <summary>
/// A tensor's elements for the window profiles, read in place: numbers as the JSON writer would write them (FP16 and
/// BF16 through float), BOOL as booleans, BYTES as text.
/// </summary>
internal static class OnnxTensorValues
{
    public static TensorValues Of(OnnxTensor tensor) => tensor.ElementType switch
    {
        OnnxElementType.Fp32 => new Numbers<float>(tensor, static v => v),
        OnnxElementType.Fp64 => new Numbers<double>(tensor, static v => v),
        OnnxElementType.Fp16 => new Numbers<Half>(tensor, static v => (float)v),
        OnnxElementType.Bf16 => new Numbers<ushort>(tensor, static v => BitConverter.Int32BitsToSingle(v << 16)),
        OnnxElementType.Int64 => new Numbers<long>(tensor, static v => v),
        OnnxElementType.Int32 => new Numbers<int>(tensor, static v => v),
        OnnxElementType.Int16 => new Numbers<short>(tensor, static v => v),
        OnnxElementType.Int8 => new Numbers<sbyte>(tensor, static v => v),
        OnnxElementType.Uint64 => new Numbers<ulong>(tensor, static v => v),
        OnnxElementType.Uint32 => new Numbers<uint>(tensor, static v => v),
        OnnxElementType.Uint16 => new Numbers<ushort>(tensor, static v => v),
        OnnxElementType.Uint8 => new Numbers<byte>(tensor, static v => v),
        OnnxElementType.Bool => new Booleans(tensor.As<bool>().Data),
        OnnxElementType.Bytes => new Texts(tensor.As<string>().Data),
        _ => throw new NotSupportedException($"{tensor.ElementType} tensors cannot be profiled"),
    };

    private sealed class Numbers<T>(OnnxTensor tensor, Func<T, double> read) : TensorValues
    {
        private readonly ReadOnlyMemory<T> _data = tensor.As<T>().Data;

        public override int Length => _data.Length;

        public override TensorValueKind Kind => TensorValueKind.Number;

        public override double Number(int index) => read(_data.Span[index]);

        public override bool Boolean(int index) => throw new InvalidOperationException("a numeric tensor has no booleans");

        public override string? Text(int index) => throw new InvalidOperationException("a numeric tensor has no text");
    }

    private sealed class Booleans(ReadOnlyMemory<bool> data) : TensorValues
    {
        public override int Length => data.Length;

        public override TensorValueKind Kind => TensorValueKind.Boolean;

        public override double Number(int index) => throw new InvalidOperationException("a BOOL tensor has no numbers");

        public override bool Boolean(int index) => data.Span[index];

        public override string? Text(int index) => throw new InvalidOperationException("a BOOL tensor has no text");
    }

    private sealed class Texts(ReadOnlyMemory<string> data) : TensorValues
    {
        public override int Length => data.Length;

        public override TensorValueKind Kind => TensorValueKind.Text;

        public override double Number(int index) => throw new InvalidOperationException("a BYTES tensor has no numbers");

        public override bool Boolean(int index) => throw new InvalidOperationException("a BYTES tensor has no booleans");

        public override string? Text(int index) => data.Span[index];
    }
}
