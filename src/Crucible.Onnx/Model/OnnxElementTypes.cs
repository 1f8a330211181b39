namespace Crucible.Onnx.Model;

/// <summary>Names and sizes of <see cref="OnnxElementType"/> values in the vocabularies Crucible speaks.</summary>
public static class OnnxElementTypes
{
    /// <summary>The Open Inference Protocol datatype name (FP32, INT64, BYTES...), or the enum name if OIP has none.</summary>
    public static string ToOipDatatype(this OnnxElementType type) => type switch
    {
        OnnxElementType.Bool => "BOOL",
        OnnxElementType.Uint8 => "UINT8",
        OnnxElementType.Uint16 => "UINT16",
        OnnxElementType.Uint32 => "UINT32",
        OnnxElementType.Uint64 => "UINT64",
        OnnxElementType.Int8 => "INT8",
        OnnxElementType.Int16 => "INT16",
        OnnxElementType.Int32 => "INT32",
        OnnxElementType.Int64 => "INT64",
        OnnxElementType.Fp16 => "FP16",
        OnnxElementType.Fp32 => "FP32",
        OnnxElementType.Fp64 => "FP64",
        OnnxElementType.Bytes => "BYTES",
        OnnxElementType.Bf16 => "BF16",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>Parses an Open Inference Protocol datatype name (case-sensitive, as the protocol spells it).</summary>
    public static bool TryParseOipDatatype(string datatype, out OnnxElementType type)
    {
        type = datatype switch
        {
            "BOOL" => OnnxElementType.Bool,
            "UINT8" => OnnxElementType.Uint8,
            "UINT16" => OnnxElementType.Uint16,
            "UINT32" => OnnxElementType.Uint32,
            "UINT64" => OnnxElementType.Uint64,
            "INT8" => OnnxElementType.Int8,
            "INT16" => OnnxElementType.Int16,
            "INT32" => OnnxElementType.Int32,
            "INT64" => OnnxElementType.Int64,
            "FP16" => OnnxElementType.Fp16,
            "FP32" => OnnxElementType.Fp32,
            "FP64" => OnnxElementType.Fp64,
            "BYTES" => OnnxElementType.Bytes,
            "BF16" => OnnxElementType.Bf16,
            _ => OnnxElementType.Undefined,
        };
        return type != OnnxElementType.Undefined;
    }

    /// <summary>The ONNX spelling (float, int64, string...), as used in type descriptions like <c>seq(map(int64, float))</c>.</summary>
    public static string ToOnnxName(this OnnxElementType type) => type switch
    {
        OnnxElementType.Fp32 => "float",
        OnnxElementType.Fp64 => "double",
        OnnxElementType.Fp16 => "float16",
        OnnxElementType.Bf16 => "bfloat16",
        OnnxElementType.Bytes => "string",
        OnnxElementType.Undefined => "undefined",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>Bytes per element, or 0 for strings and types without a fixed size.</summary>
    public static int SizeInBytes(this OnnxElementType type) => type switch
    {
        OnnxElementType.Bool or OnnxElementType.Uint8 or OnnxElementType.Int8 => 1,
        OnnxElementType.Uint16 or OnnxElementType.Int16 or OnnxElementType.Fp16 or OnnxElementType.Bf16 => 2,
        OnnxElementType.Uint32 or OnnxElementType.Int32 or OnnxElementType.Fp32 => 4,
        OnnxElementType.Uint64 or OnnxElementType.Int64 or OnnxElementType.Fp64 or OnnxElementType.Complex64 => 8,
        OnnxElementType.Complex128 => 16,
        _ => 0,
    };

    /// <summary>The element type Crucible uses for a .NET type, or <see cref="OnnxElementType.Undefined"/>.</summary>
    public static OnnxElementType FromClrType(Type type) =>
        type == typeof(float) ? OnnxElementType.Fp32
        : type == typeof(double) ? OnnxElementType.Fp64
        : type == typeof(Half) ? OnnxElementType.Fp16
        : type == typeof(long) ? OnnxElementType.Int64
        : type == typeof(int) ? OnnxElementType.Int32
        : type == typeof(short) ? OnnxElementType.Int16
        : type == typeof(sbyte) ? OnnxElementType.Int8
        : type == typeof(ulong) ? OnnxElementType.Uint64
        : type == typeof(uint) ? OnnxElementType.Uint32
        : type == typeof(ushort) ? OnnxElementType.Uint16
        : type == typeof(byte) ? OnnxElementType.Uint8
        : type == typeof(bool) ? OnnxElementType.Bool
        : type == typeof(string) ? OnnxElementType.Bytes
        : OnnxElementType.Undefined;
}
