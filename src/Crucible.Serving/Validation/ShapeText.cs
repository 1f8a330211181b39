using System.Globalization;
using System.Text;
using Crucible.Onnx.Model;

namespace Crucible.Serving.Validation;

/// <summary>Shapes and signatures as error messages print them: <c>[-1,4]</c>, <c>FP32 [-1,4]</c>.</summary>
internal static class ShapeText
{
    public static string Format(ReadOnlySpan<long> shape)
    {
        var sb = new StringBuilder().Append('[');
        for (var i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append(']').ToString();
    }

    public static string Format(IReadOnlyList<long> shape)
    {
        var copy = new long[shape.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = shape[i];
        }

        return Format(copy);
    }

    /// <summary>The model's shape with symbolic dimensions as -1, or "[any shape]" when the rank is unknown.</summary>
    public static string Format(IReadOnlyList<OnnxDimension>? shape)
    {
        if (shape is null)
        {
            return "[any shape]";
        }

        var copy = new long[shape.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = shape[i].SizeOrMinusOne;
        }

        return Format(copy);
    }

    /// <summary><c>FP32 [-1,4]</c> for a tensor; the ONNX description for anything else.</summary>
    public static string Describe(OnnxValueType type) =>
        type.Kind == OnnxValueKind.Tensor ? $"{type.ElementType.ToOipDatatype()} {Format(type.Shape)}" : type.ToString();

    public static string Names(IReadOnlyList<OnnxValueInfo> values)
    {
        if (values.Count == 0)
        {
            return "(none)";
        }

        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            sb.Append(i == 0 ? "" : ", ").Append(values[i].Name);
        }

        return sb.ToString();
    }

    public static string Names(IReadOnlyList<string> values) => values.Count == 0 ? "(none)" : string.Join(", ", values);
}
