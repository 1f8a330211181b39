using Crucible.Onnx.Proto;

namespace Crucible.Onnx.Model;

/// <summary>Converts between the protobuf type messages and <see cref="OnnxValueType"/>, in both directions.</summary>
internal static class OnnxProtoTypes
{
    public static OnnxValueType ToValueType(TypeProto? type)
    {
        if (type is null)
        {
            return OnnxValueType.Unknown;
        }

        return type.ValueCase switch
        {
            TypeProto.ValueOneofCase.TensorType => type.TensorType.Shape is null
                ? OnnxValueType.TensorOfUnknownRank((OnnxElementType)type.TensorType.ElemType)
                : OnnxValueType.Tensor((OnnxElementType)type.TensorType.ElemType, ToDimensions(type.TensorType.Shape)),
            TypeProto.ValueOneofCase.SparseTensorType => OnnxValueType.SparseTensor(
                (OnnxElementType)type.SparseTensorType.ElemType,
                type.SparseTensorType.Shape is null ? null : ToDimensions(type.SparseTensorType.Shape)),
            TypeProto.ValueOneofCase.SequenceType => OnnxValueType.Sequence(ToValueType(type.SequenceType.ElemType)),
            TypeProto.ValueOneofCase.MapType => OnnxValueType.Map(
                (OnnxElementType)type.MapType.KeyType, ToValueType(type.MapType.ValueType)),
            TypeProto.ValueOneofCase.OptionalType => OnnxValueType.Optional(ToValueType(type.OptionalType.ElemType)),
            _ => OnnxValueType.Unknown,
        };
    }

    public static TypeProto ToProto(OnnxValueType type)
    {
        var proto = new TypeProto();
        switch (type.Kind)
        {
            case OnnxValueKind.Tensor:
                proto.TensorType = new TypeProto.Types.Tensor { ElemType = (int)type.ElementType, Shape = ToShape(type.Shape) };
                break;
            case OnnxValueKind.SparseTensor:
                proto.SparseTensorType = new TypeProto.Types.SparseTensor { ElemType = (int)type.ElementType, Shape = ToShape(type.Shape) };
                break;
            case OnnxValueKind.Sequence:
                proto.SequenceType = new TypeProto.Types.Sequence { ElemType = ToProto(Inner(type)) };
                break;
            case OnnxValueKind.Map:
                proto.MapType = new TypeProto.Types.Map { KeyType = (int)type.ElementType, ValueType = ToProto(Inner(type)) };
                break;
            case OnnxValueKind.Optional:
                proto.OptionalType = new TypeProto.Types.Optional { ElemType = ToProto(Inner(type)) };
                break;
            default:
                throw new ArgumentException($"cannot write a value of kind {type.Kind} into a model", nameof(type));
        }

        return proto;
    }

    private static OnnxValueType Inner(OnnxValueType type) =>
        type.Inner ?? throw new ArgumentException($"{type.Kind} type has no element type", nameof(type));

    private static OnnxDimension[] ToDimensions(TensorShapeProto shape)
    {
        var dims = new OnnxDimension[shape.Dim.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            var d = shape.Dim[i];
            dims[i] = d.ValueCase switch
            {
                TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => new OnnxDimension(d.DimValue, null),
                TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam when d.DimParam.Length > 0 => new OnnxDimension(null, d.DimParam),
                _ => OnnxDimension.Unknown,
            };
        }

        return dims;
    }

    private static TensorShapeProto? ToShape(IReadOnlyList<OnnxDimension>? dims)
    {
        if (dims is null)
        {
            return null;
        }

        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (d.Value is { } v)
            {
                dim.DimValue = v;
            }
            else if (d.Symbol is { } s)
            {
                dim.DimParam = s;
            }

            shape.Dim.Add(dim);
        }

        return shape;
    }
}
