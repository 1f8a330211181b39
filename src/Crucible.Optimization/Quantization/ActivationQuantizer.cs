using Crucible.Onnx.Proto;
using Crucible.Optimization.Graph;
using DataType = Crucible.Onnx.Proto.TensorProto.Types.DataType;

namespace Crucible.Optimization.Quantization;

/// <summary>
/// An activation turned into uint8 for an integer kernel: the names of its quantized value, scale and zero point, and
/// the scale itself when it is known at rewrite time (static quantization).
/// </summary>
internal sealed record QuantizedActivation(string Values, string Scale, string ZeroPoint, float? ConstantScale);

/// <summary>How a float activation feeding an integer kernel is quantized; each value is quantized once and shared.</summary>
internal abstract class ActivationQuantizer
{
    private readonly Dictionary<string, QuantizedActivation> _done = new(StringComparer.Ordinal);

    /// <summary>The activation's quantized form, adding the nodes that compute it to <paramref name="nodes"/>; null when it cannot be quantized.</summary>
    public QuantizedActivation? Quantize(GraphEditor editor, string input, List<NodeProto> nodes)
    {
        if (_done.TryGetValue(input, out var known))
        {
            return known;
        }

        var made = Create(editor, input, nodes);
        if (made is not null)
        {
            _done[input] = made;
        }

        return made;
    }

    protected abstract QuantizedActivation? Create(GraphEditor editor, string input, List<NodeProto> nodes);
}

/// <summary>Dynamic: DynamicQuantizeLinear computes each batch's own uint8 scale and zero point at run time.</summary>
internal sealed class DynamicActivationQuantizer : ActivationQuantizer
{
    protected override QuantizedActivation Create(GraphEditor editor, string input, List<NodeProto> nodes)
    {
        var stem = Stem(input);
        var (q, scale, zero) = (editor.Fresh(stem + "_q"), editor.Fresh(stem + "_s"), editor.Fresh(stem + "_zp"));
        nodes.Add(GraphEditor.Node("DynamicQuantizeLinear", editor.Fresh(stem + "_DynamicQuantizeLinear"), [input], [q, scale, zero]));
        return new QuantizedActivation(q, scale, zero, null);
    }

    internal static string Stem(string input) => input.Replace('/', '_').Replace(':', '_');
}

/// <summary>Static: QuantizeLinear with the uint8 scale and zero point fixed from calibrated ranges.</summary>
internal sealed class StaticActivationQuantizer(IReadOnlyDictionary<string, ActivationRange> ranges) : ActivationQuantizer
{
    protected override QuantizedActivation? Create(GraphEditor editor, string input, List<NodeProto> nodes)
    {
        if (!ranges.TryGetValue(input, out var range))
        {
            return null;
        }

        var (scale, zeroPoint) = range.Uint8Parameters();
        var stem = DynamicActivationQuantizer.Stem(input);
        var scaleName = editor.AddInitializer(TensorData.Scalar(stem + "_s", scale));
        var zeroName = editor.AddInitializer(TensorData.Create<byte>(stem + "_zp", DataType.Uint8, [zeroPoint]));
        var q = editor.Fresh(stem + "_q");
        nodes.Add(GraphEditor.Node("QuantizeLinear", editor.Fresh(stem + "_QuantizeLinear"), [input, scaleName, zeroName], [q]));
        return new QuantizedActivation(q, scaleName, zeroName, scale);
    }
}
