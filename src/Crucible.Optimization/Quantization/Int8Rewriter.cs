using Crucible.Onnx.Proto;
using Crucible.Optimization.Graph;
using DataType = Crucible.Onnx.Proto.TensorProto.Types.DataType;

namespace Crucible.Optimization.Quantization;

/// <summary>
/// Rewrites MatMul, Gemm and Conv nodes whose weights are constant float tensors into integer kernels with standard
/// ONNX operators: the activation goes through an <see cref="ActivationQuantizer"/> (DynamicQuantizeLinear or
/// QuantizeLinear, uint8), the weights become symmetric 8-bit initializers (<see cref="WeightQuantizer"/>), per
/// tensor or per output channel, MatMulInteger or
/// ConvInteger computes int32, and Cast + Mul by (activation scale x weight scale) return to float, with Gemm's
/// alpha, beta and C and Conv's bias applied after. Each rewritten node keeps its output name, so the rest of the
/// graph is untouched. Nodes whose weights are not constant (or a Gemm with transA) stay float and are reported.
/// </summary>
internal sealed class Int8Rewriter(GraphEditor editor, ActivationQuantizer activations, string transform, bool perChannel)
{
    private string? _zeroPoint;

    /// <summary>ONNX opset that introduced DynamicQuantizeLinear; MatMulInteger, ConvInteger and QuantizeLinear are older.</summary>
    public const long MinimumOpset = 11;

    public Int8RewriteReport Rewrite()
    {
        OperatorSupport.RequireRewritable(editor.Graph, transform);
        if (editor.DefaultOpset < MinimumOpset)
        {
            throw OperatorSupport.Refused(transform, $"the model imports ai.onnx opset {editor.DefaultOpset}; the integer operators need opset {MinimumOpset} or later (re-export the model with a newer opset)");
        }

        var rewritten = new List<string>();
        var skipped = new List<string>();
        var nodes = new List<NodeProto>();
        foreach (var node in editor.Graph.Node)
        {
            var replacement = new List<NodeProto>();
            var outcome = node.OpType switch
            {
                "MatMul" => MatMul(node, replacement),
                "Gemm" => Gemm(node, replacement),
                "Conv" => Conv(node, replacement),
                _ => null,
            };
            if (outcome is null)
            {
                nodes.Add(node);
                continue;
            }

            if (outcome.Length == 0)
            {
                nodes.AddRange(replacement);
                rewritten.Add($"{node.Name} ({node.OpType})");
            }
            else
            {
                nodes.Add(node);
                skipped.Add($"{node.Name} ({node.OpType}): {outcome}");
            }
        }

        if (rewritten.Count == 0)
        {
            throw OperatorSupport.Refused(transform, "no MatMul, Gemm or Conv node has constant float weights to quantize"
                + (skipped.Count > 0 ? $" ({string.Join("; ", skipped)})" : string.Empty));
        }

        editor.Graph.Node.Clear();
        editor.Graph.Node.AddRange(nodes);
        editor.DropUnusedInitializers();
        return new Int8RewriteReport(rewritten, skipped);
    }

    /// <summary>A [K, N] weight, quantized per column N.</summary>
    private string MatMul(NodeProto node, List<NodeProto> nodes)
    {
        if (editor.Constant(node.Input[1]) is not { } weight || !TensorData.IsFloat(weight) || weight.Dims.Count != 2)
        {
            return "its weight is not a constant 2-D float tensor";
        }

        var columns = (int)weight.Dims[1];
        var (values, scales) = Quantize(TensorData.Floats(weight), columns, i => i % columns);
        return Integer(node, nodes, node.Input[0], weight.Dims[0], columns, values, scales, alpha: 1f, node.Output[0]);
    }

    private string Gemm(NodeProto node, List<NodeProto> nodes)
    {
        long Attr(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? 0;
        float Scalar(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? 1f;
        if (Attr("transA") != 0)
        {
            return "transA=1 is not rewritten";
        }

        if (editor.Constant(node.Input[1]) is not { } weight || !TensorData.IsFloat(weight) || weight.Dims.Count != 2)
        {
            return "its weight is not a constant 2-D float tensor";
        }

        var data = TensorData.Floats(weight);
        var (k, n) = ((int)weight.Dims[0], (int)weight.Dims[1]);
        if (Attr("transB") != 0)
        {
            data = WeightQuantizer.Transpose(data, k, n);
            (k, n) = (n, k);
        }

        var (values, scales) = Quantize(data, n, i => i % n);
        var hasBias = node.Input.Count > 2 && node.Input[2].Length > 0;
        var product = hasBias ? editor.Fresh(node.Output[0] + "_ab") : node.Output[0];
        var failed = Integer(node, nodes, node.Input[0], k, n, values, scales, Scalar("alpha"), product);
        if (failed.Length > 0 || !hasBias)
        {
            return failed;
        }

        var bias = node.Input[2];
        var beta = Scalar("beta");
        if (beta != 1f)
        {
            var betaName = editor.AddInitializer(TensorData.Scalar(Stem(node) + "_beta", beta));
            bias = AddNode(nodes, "Mul", Stem(node) + "_beta_c", [bias, betaName]);
        }

        nodes.Add(GraphEditor.Node("Add", editor.Fresh(Stem(node) + "_bias"), [product, bias], [node.Output[0]]));
        return string.Empty;
    }

    /// <summary>A [M, C/group, k...] weight, quantized per output channel M; ConvInteger takes it as uint8 around 128.</summary>
    private string Conv(NodeProto node, List<NodeProto> nodes)
    {
        if (editor.Constant(node.Input[1]) is not { } weight || !TensorData.IsFloat(weight) || weight.Dims.Count < 3)
        {
            return "its weight is not a constant float tensor";
        }

        var hasBias = node.Input.Count > 2 && node.Input[2].Length > 0;
        var bias = hasBias ? editor.Constant(node.Input[2]) : null;
        if (hasBias && (bias is null || !TensorData.IsFloat(bias)))
        {
            return "its bias is not a constant float tensor";
        }

        var channels = (int)weight.Dims[0];
        var perChannel = (int)(TensorData.Count(weight) / channels);
        var activation = activations.Quantize(editor, node.Input[0], nodes);
        if (activation is null)
        {
            return "its input has no calibrated range";
        }

        var (values, scales) = Quantize(TensorData.Floats(weight), channels, i => i / perChannel);
        var weightName = editor.AddInitializer(TensorData.Create<byte>(node.Input[1] + "_q", DataType.Uint8, values, TensorData.Dims(weight)));
        var integer = editor.Fresh(node.Output[0] + "_i32");
        var conv = GraphEditor.Node("ConvInteger", editor.Fresh(Stem(node) + "_ConvInteger"), [activation.Values, weightName, activation.ZeroPoint, WeightZeroPoint()], [integer]);
        conv.Attribute.AddRange(node.Attribute.Select(a => a.Clone()));
        nodes.Add(conv);

        // Scales broadcast over [N, M, spatial...] as [1, M, 1, ...].
        long[] shape = scales.Length == 1 ? [] : [1, channels, .. Enumerable.Repeat(1L, weight.Dims.Count - 2)];
        var scaled = bias is null ? node.Output[0] : editor.Fresh(node.Output[0] + "_nobias");
        Rescale(node, nodes, integer, activation, scales, 1f, shape, scaled);
        if (bias is not null)
        {
            long[] biasShape = [1, channels, .. Enumerable.Repeat(1L, weight.Dims.Count - 2)];
            var biasName = editor.AddInitializer(TensorData.Floats(node.Input[2] + "_b", TensorData.Floats(bias), biasShape));
            nodes.Add(GraphEditor.Node("Add", editor.Fresh(Stem(node) + "_bias"), [scaled, biasName], [node.Output[0]]));
        }

        return string.Empty;
    }

    private string Integer(NodeProto node, List<NodeProto> nodes, string input, long k, int n, byte[] values, float[] scales, float alpha, string output)
    {
        var activation = activations.Quantize(editor, input, nodes);
        if (activation is null)
        {
            return "its input has no calibrated range";
        }

        var weightName = editor.AddInitializer(TensorData.Create<byte>(node.Input[1] + "_q", DataType.Uint8, values, k, n));
        var integer = editor.Fresh(output + "_i32");
        nodes.Add(GraphEditor.Node("MatMulInteger", editor.Fresh(Stem(node) + "_MatMulInteger"), [activation.Values, weightName, activation.ZeroPoint, WeightZeroPoint()], [integer]));
        Rescale(node, nodes, integer, activation, scales, alpha, scales.Length == 1 ? [] : [n], output);
        return string.Empty;
    }

    /// <summary>int32 → float, times activation scale x weight scale (x alpha): one constant when the activation scale is static.</summary>
    private void Rescale(NodeProto node, List<NodeProto> nodes, string integer, QuantizedActivation activation, float[] scales, float alpha, long[] shape, string output)
    {
        var asFloat = editor.Fresh(integer + "_f");
        var cast = GraphEditor.Node("Cast", editor.Fresh(Stem(node) + "_Cast"), [integer], [asFloat]);
        cast.Attribute.Add(GraphEditor.IntAttribute("to", (long)DataType.Float));
        nodes.Add(cast);
        string scale;
        if (activation.ConstantScale is { } known)
        {
            scale = editor.AddInitializer(TensorData.Floats(Stem(node) + "_s", Array.ConvertAll(scales, s => s * known * alpha), shape));
        }
        else
        {
            var weightScale = editor.AddInitializer(TensorData.Floats(Stem(node) + "_ws", Array.ConvertAll(scales, s => s * alpha), shape));
            scale = AddNode(nodes, "Mul", Stem(node) + "_s", [activation.Scale, weightScale]);
        }

        nodes.Add(GraphEditor.Node("Mul", editor.Fresh(Stem(node) + "_rescale"), [asFloat, scale], [output]));
    }

    /// <summary>A node's name, or its first output's when it has none (exporters often leave names empty).</summary>
    private static string Stem(NodeProto node) => node.Name.Length > 0 ? node.Name : node.Output[0];

    private (byte[] Values, float[] Scales) Quantize(float[] weights, int channels, Func<int, int> channelOf) =>
        perChannel ? WeightQuantizer.Quantize(weights, channels, channelOf) : WeightQuantizer.Quantize(weights, 1, _ => 0);

    /// <summary>The one uint8 zero point (128) every quantized weight shares.</summary>
    private string WeightZeroPoint() =>
        _zeroPoint ??= editor.AddInitializer(TensorData.Create<byte>("weight_zero_point", DataType.Uint8, [WeightQuantizer.ZeroPoint]));

    private string AddNode(List<NodeProto> nodes, string opType, string stem, IEnumerable<string> inputs)
    {
        var output = editor.Fresh(stem);
        nodes.Add(GraphEditor.Node(opType, editor.Fresh(stem + "_" + opType), inputs, [output]));
        return output;
    }
}

/// <summary>Which nodes a quantization rewrote and which it left in float, with why.</summary>
public sealed record Int8RewriteReport(IReadOnlyList<string> Rewritten, IReadOnlyList<string> Skipped);
