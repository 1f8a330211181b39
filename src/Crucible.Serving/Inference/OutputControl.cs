using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;

namespace Crucible.Serving.Inference;

/// <summary>
/// Applies a deployment's <see cref="OutputControls"/> to what the model returned, before any protocol writes it,
/// so OIP, MLflow scoring and every body format answer the same. Only floating-point tensors (probabilities,
/// scores, regression values) change: <see cref="OutputMode.Label"/> drops them, <see cref="OutputMode.TopK"/>
/// keeps each row's k largest values along the last axis (the others become 0, so positions still name classes),
/// and <see cref="OutputControls.Decimals"/> rounds them (half away from zero). Labels and other outputs pass as they are.
/// </summary>
public static class OutputControl
{
    public static IReadOnlyList<InferenceOutput> Apply(OutputControls controls, IReadOnlyList<InferenceOutput> outputs, string deployment)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(outputs);
        if (controls.IsFull)
        {
            return outputs;
        }

        var answer = new List<InferenceOutput>(outputs.Count);
        foreach (var output in outputs)
        {
            if (output.Value is not OnnxTensor tensor || !IsScore(tensor.ElementType))
            {
                answer.Add(output);
            }
            else if (controls.Mode != OutputMode.Label)
            {
                answer.Add(new InferenceOutput(output.Name, Transform(tensor, controls)));
            }
        }

        if (answer.Count == 0)
        {
            throw CrucibleException.Invalid(
                $"Deployment '{deployment}' answers with labels only; the outputs asked for ({string.Join(", ", outputs.Select(o => o.Name))}) are scores and are withheld. Ask for a label output.");
        }

        return answer;
    }

    /// <summary>True for the element types whose values are scores: the floating-point ones.</summary>
    public static bool IsScore(OnnxElementType type) => type is OnnxElementType.Fp32 or OnnxElementType.Fp64 or OnnxElementType.Fp16 or OnnxElementType.Bf16;

    private static OnnxTensor Transform(OnnxTensor tensor, OutputControls controls)
    {
        var values = ToDoubles(tensor);
        if (controls.Mode == OutputMode.TopK && controls.TopK is { } k && tensor.Shape.Count >= 2 && tensor.Shape[^1] > k)
        {
            KeepTopK(values, checked((int)tensor.Shape[^1]), k);
        }

        if (controls.Decimals is { } decimals)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (double.IsFinite(values[i]))
                {
                    values[i] = Math.Round(values[i], decimals, MidpointRounding.AwayFromZero);
                }
            }
        }

        return FromDoubles(values, tensor);
    }

    /// <summary>In each row of <paramref name="width"/> values, zeroes all but the k largest (NaN counts as smallest; ties keep the earlier).</summary>
    private static void KeepTopK(double[] values, int width, int k)
    {
        var order = new int[width];
        for (var start = 0; start + width <= values.Length; start += width)
        {
            var row = values.AsSpan(start, width);
            for (var i = 0; i < width; i++)
            {
                order[i] = i;
            }

            var copy = row.ToArray();
            Array.Sort(order, (a, b) =>
            {
                var (x, y) = (copy[a], copy[b]);
                var byValue = double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : double.IsNaN(y) ? -1 : y.CompareTo(x);
                return byValue != 0 ? byValue : a.CompareTo(b);
            });
            for (var i = k; i < width; i++)
            {
                row[order[i]] = 0;
            }
        }
    }

    private static double[] ToDoubles(OnnxTensor tensor)
    {
        var values = new double[tensor.Length];
        switch (tensor.ElementType)
        {
            case OnnxElementType.Fp32:
                Copy(tensor.AsSpan<float>(), values, v => v);
                break;
            case OnnxElementType.Fp64:
                tensor.AsSpan<double>().CopyTo(values);
                break;
            case OnnxElementType.Fp16:
                Copy(tensor.AsSpan<Half>(), values, v => (double)v);
                break;
            default:
                Copy(tensor.AsSpan<ushort>(), values, v => BitConverter.Int32BitsToSingle(v << 16));
                break;
        }

        return values;
    }

    private static void Copy<T>(ReadOnlySpan<T> from, double[] to, Func<T, double> convert)
    {
        for (var i = 0; i < from.Length; i++)
        {
            to[i] = convert(from[i]);
        }
    }

    private static OnnxTensor FromDoubles(double[] values, OnnxTensor like)
    {
        var shape = like.Shape.ToArray();
        return like.ElementType switch
        {
            OnnxElementType.Fp32 => new OnnxTensor<float>(Array.ConvertAll(values, v => (float)v), shape),
            OnnxElementType.Fp64 => new OnnxTensor<double>(values, shape),
            OnnxElementType.Fp16 => new OnnxTensor<Half>(Array.ConvertAll(values, v => (Half)v), shape),
            _ => new OnnxTensor<ushort>(Array.ConvertAll(values, v => (ushort)(BitConverter.SingleToInt32Bits((float)v) >>> 16)), shape, OnnxElementType.Bf16),
        };
    }
}
