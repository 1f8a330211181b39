namespace Crucible.Onnx.Model;

/// <summary>The kind of an ONNX value type. The numbers are ONNX Runtime's <c>ONNXType</c>.</summary>
public enum OnnxValueKind
{
    Unknown = 0,
    Tensor = 1,
    Sequence = 2,
    Map = 3,
    Opaque = 4,
    SparseTensor = 5,
    Optional = 6,
}
