using Crucible.Onnx.Proto;
using Crucible.Optimization.Graph;
using DataType = Crucible.Onnx.Proto.TensorProto.Types.DataType;

namespace Crucible.Optimization.Conversion;

/// <summary>
/// FP16 weights: every constant FLOAT initializer is stored as FLOAT16 (half the bytes) and a Cast back to FLOAT
/// takes its name at the top of the graph, so every operator still computes in float32 (ONNX Runtime's CPU kernels
/// for most operators are float-only, and float compute keeps outputs close to the parent's). ONNX Runtime folds
/// those Casts when it loads the model, so the file and the download halve, not the memory of a running session.
/// Values beyond FP16's range (±65504) are clamped and counted.
/// </summary>
internal static class Fp16Converter
{
    public const string Transform = "fp16";

    public static Fp16Report Convert(GraphEditor editor)
    {
        OperatorSupport.RequireRewritable(editor.Graph, Transform);
        var casts = new List<NodeProto>();
        var converted = 0;
        var clamped = 0;
        for (var i = 0; i < editor.Graph.Initializer.Count; i++)
        {
            var tensor = editor.Graph.Initializer[i];
            if (!TensorData.IsFloat(tensor) || editor.Constant(tensor.Name) is null)
            {
                continue;
            }

            var values = TensorData.Floats(tensor);
            var halves = new Half[values.Length];
            for (var j = 0; j < values.Length; j++)
            {
                var v = Math.Clamp(values[j], -65504f, 65504f);
                clamped += v == values[j] || float.IsNaN(values[j]) ? 0 : 1;
                halves[j] = (Half)v;
            }

            var half = TensorData.Create<Half>(editor.Fresh(tensor.Name + "_fp16"), DataType.Float16, halves, TensorData.Dims(tensor));
            editor.Graph.Initializer[i] = half;
            var cast = GraphEditor.Node("Cast", editor.Fresh(tensor.Name + "_Cast"), [half.Name], [tensor.Name]);
            cast.Attribute.Add(GraphEditor.IntAttribute("to", (long)DataType.Float));
            casts.Add(cast);
            converted++;
        }

        if (converted == 0)
        {
            throw OperatorSupport.Refused(Transform, "the model has no constant float initializers to convert");
        }

        for (var i = casts.Count - 1; i >= 0; i--)
        {
            editor.Graph.Node.Insert(0, casts[i]);
        }

        return new Fp16Report(converted, clamped);
    }
}

/// <summary>How many float initializers were stored as FP16, and how many values were clamped to FP16's range.</summary>
public sealed record Fp16Report(int Initializers, int ClampedValues);
