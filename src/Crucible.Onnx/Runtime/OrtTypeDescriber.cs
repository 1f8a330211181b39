using Crucible.Onnx.Model;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Onnx.Runtime;

/// <summary>Turns the official API's <see cref="Ort.NodeMetadata"/> into <see cref="OnnxValueType"/>, through sequences and maps.</summary>
internal static class OrtTypeDescriber
{
    public static OnnxValueType Describe(Ort.NodeMetadata meta)
    {
        switch (meta.OnnxValueType)
        {
            case Ort.OnnxValueType.ONNX_TYPE_TENSOR:
            case Ort.OnnxValueType.ONNX_TYPE_SPARSETENSOR:
                var dims = meta.Dimensions;
                var symbols = meta.SymbolicDimensions;
                var shape = new OnnxDimension[dims.Length];
                for (var i = 0; i < dims.Length; i++)
                {
                    shape[i] = dims[i] >= 0 ? new OnnxDimension(dims[i], null)
                        : i < symbols.Length && !string.IsNullOrEmpty(symbols[i]) ? new OnnxDimension(null, symbols[i])
                        : OnnxDimension.Unknown;
                }

                var element = (OnnxElementType)(int)meta.ElementDataType;
                return meta.OnnxValueType == Ort.OnnxValueType.ONNX_TYPE_TENSOR
                    ? OnnxValueType.Tensor(element, shape)
                    : OnnxValueType.SparseTensor(element, shape);
            case Ort.OnnxValueType.ONNX_TYPE_SEQUENCE:
                return OnnxValueType.Sequence(Describe(meta.AsSequenceMetadata().ElementMeta));
            case Ort.OnnxValueType.ONNX_TYPE_MAP:
                var map = meta.AsMapMetadata();
                return OnnxValueType.Map((OnnxElementType)(int)map.KeyDataType, Describe(map.ValueMetadata));
            case Ort.OnnxValueType.ONNX_TYPE_OPTIONAL:
                return OnnxValueType.Optional(OnnxValueType.Unknown);
            default:
                return OnnxValueType.Unknown;
        }
    }
}
