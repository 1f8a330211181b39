namespace Crucible.Onnx;

/// <summary>Turns ONNX Runtime's OrtTypeInfo into <see cref="OnnxValueType"/>, recursing through sequences and maps.</summary>
internal static class OrtTypeInfoReader
{
    /// <summary>Describes a type info; the caller keeps ownership of <paramref name="typeInfo"/>.</summary>
    public static OnnxValueType Describe(nint typeInfo)
    {
        var kind = OrtNative.GetOnnxTypeFromTypeInfo(typeInfo);
        switch (kind)
        {
            case OnnxValueKind.Tensor:
            case OnnxValueKind.SparseTensor:
                var tensor = OrtNative.CastTypeInfoToTensorInfo(typeInfo);
                var element = OrtNative.GetTensorElementType(tensor);
                var (dims, symbols) = OrtNative.GetShape(tensor, withSymbols: true);
                var shape = new OnnxDimension[dims.Length];
                for (var i = 0; i < dims.Length; i++)
                {
                    shape[i] = dims[i] >= 0 ? new OnnxDimension(dims[i], null)
                        : symbols[i].Length > 0 ? new OnnxDimension(null, symbols[i])
                        : OnnxDimension.Unknown;
                }

                return kind == OnnxValueKind.Tensor ? OnnxValueType.Tensor(element, shape) : OnnxValueType.SparseTensor(element, shape);
            case OnnxValueKind.Sequence:
                var sequence = OrtNative.CastTypeInfoToSequenceTypeInfo(typeInfo);
                return OnnxValueType.Sequence(DescribeOwned(OrtNative.GetSequenceElementType(sequence)));
            case OnnxValueKind.Map:
                var map = OrtNative.CastTypeInfoToMapTypeInfo(typeInfo);
                var key = OrtNative.GetMapKeyType(map);
                return OnnxValueType.Map(key, DescribeOwned(OrtNative.GetMapValueType(map)));
            case OnnxValueKind.Optional:
                return OnnxValueType.Optional(OnnxValueType.Unknown);
            default:
                return OnnxValueType.Unknown;
        }
    }

    /// <summary>Describes and then releases an owned type info.</summary>
    public static OnnxValueType DescribeOwned(nint typeInfo)
    {
        try
        {
            return Describe(typeInfo);
        }
        finally
        {
            OrtNative.Release(OrtNative.Slot.ReleaseTypeInfo, typeInfo);
        }
    }
}
