namespace Crucible.Onnx.Model;

/// <summary>
/// Tensor element types. The numeric values are ONNX's <c>TensorProto.DataType</c>, which ONNX Runtime's
/// element enum shares, so a value converts to either without a table.
/// </summary>
public enum OnnxElementType
{
    Undefined = 0,
    Fp32 = 1,
    Uint8 = 2,
    Int8 = 3,
    Uint16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    /// <summary>ONNX <c>string</c>; the Open Inference Protocol calls it BYTES.</summary>
    Bytes = 8,
    Bool = 9,
    Fp16 = 10,
    Fp64 = 11,
    Uint32 = 12,
    Uint64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    Bf16 = 16,
}
