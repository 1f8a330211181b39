using System.Text;

namespace Crucible.Onnx.Model;

/// <summary>
/// The type of a graph input or output: a tensor (element type and shape) or a container of other types.
/// <see cref="ToString"/> gives a compact description such as <c>float[batch,3]</c> or <c>seq(map(int64, float))</c>.
/// </summary>
public sealed record OnnxValueType
{
    private OnnxValueType(OnnxValueKind kind, OnnxElementType elementType, IReadOnlyList<OnnxDimension>? shape, OnnxValueType? inner)
    {
        Kind = kind;
        ElementType = elementType;
        Shape = shape;
        Inner = inner;
    }

    public OnnxValueKind Kind { get; }

    /// <summary>Element type of a tensor or sparse tensor; key type of a map; otherwise Undefined.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>Shape of a tensor, or null when the rank is unknown (or the value is not a tensor).</summary>
    public IReadOnlyList<OnnxDimension>? Shape { get; }

    /// <summary>Element type of a sequence or optional; value type of a map.</summary>
    public OnnxValueType? Inner { get; }

    /// <summary>A tensor of known rank; pass no dimensions for a scalar.</summary>
    public static OnnxValueType Tensor(OnnxElementType elementType, params IReadOnlyList<OnnxDimension> shape) =>
        new(OnnxValueKind.Tensor, elementType, shape.ToArray(), null);

    /// <summary>A tensor whose rank is not declared (ZipMap's map values, for example).</summary>
    public static OnnxValueType TensorOfUnknownRank(OnnxElementType elementType) =>
        new(OnnxValueKind.Tensor, elementType, null, null);

    public static OnnxValueType SparseTensor(OnnxElementType elementType, IReadOnlyList<OnnxDimension>? shape) =>
        new(OnnxValueKind.SparseTensor, elementType, shape?.ToArray(), null);

    public static OnnxValueType Sequence(OnnxValueType element) => new(OnnxValueKind.Sequence, OnnxElementType.Undefined, null, element);

    public static OnnxValueType Map(OnnxElementType keyType, OnnxValueType value) => new(OnnxValueKind.Map, keyType, null, value);

    public static OnnxValueType Optional(OnnxValueType element) => new(OnnxValueKind.Optional, OnnxElementType.Undefined, null, element);

    public static OnnxValueType Unknown { get; } = new(OnnxValueKind.Unknown, OnnxElementType.Undefined, null, null);

    /// <summary>The shape with symbolic and unknown dimensions as -1, or null when the rank is unknown.</summary>
    public long[]? ShapeWithMinusOne => Shape?.Select(d => d.SizeOrMinusOne).ToArray();

    public bool Equals(OnnxValueType? other) =>
        other is not null && Kind == other.Kind && ElementType == other.ElementType && Equals(Inner, other.Inner)
        && (Shape is null ? other.Shape is null : other.Shape is not null && Shape.SequenceEqual(other.Shape));

    public override int GetHashCode() => HashCode.Combine(Kind, ElementType, Shape?.Count ?? -1, Inner);

    public override string ToString()
    {
        var sb = new StringBuilder();
        Describe(sb);
        return sb.ToString();
    }

    private void Describe(StringBuilder sb)
    {
        switch (Kind)
        {
            case OnnxValueKind.Tensor:
            case OnnxValueKind.SparseTensor:
                if (Kind == OnnxValueKind.SparseTensor)
                {
                    sb.Append("sparse_");
                }

                sb.Append(ElementType.ToOnnxName());
                if (Shape is not null)
                {
                    sb.Append('[').AppendJoin(',', Shape).Append(']');
                }

                break;
            case OnnxValueKind.Sequence:
                sb.Append("seq(");
                DescribeInner(sb);
                sb.Append(')');
                break;
            case OnnxValueKind.Map:
                sb.Append("map(").Append(ElementType.ToOnnxName()).Append(", ");
                DescribeInner(sb);
                sb.Append(')');
                break;
            case OnnxValueKind.Optional:
                sb.Append("optional(");
                DescribeInner(sb);
                sb.Append(')');
                break;
            default:
                sb.Append(Kind.ToString().ToLowerInvariant());
                break;
        }
    }

    private void DescribeInner(StringBuilder sb)
    {
        if (Inner is null)
        {
            sb.Append('?');
        }
        else
        {
            Inner.Describe(sb);
        }
    }
}
