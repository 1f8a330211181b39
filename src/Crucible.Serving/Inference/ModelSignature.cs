using Crucible.Onnx;

namespace Crucible.Serving.Inference;

/// <summary>
/// What a served model accepts and returns, as ONNX Runtime reports it (symbolic dimensions kept). Requests are
/// validated against <see cref="Inputs"/>; outputs that are not tensors (ZipMap's seq(map)) are never returned
/// by default (<see cref="TensorOutputs"/>).
/// </summary>
public sealed class ModelSignature
{
    public ModelSignature(IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
        TensorOutputs = outputs.Where(o => o.Type.Kind == OnnxValueKind.Tensor).Select(o => o.Name).ToArray();
        InputIndex = Index(inputs);
    }

    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The names of the outputs that are tensors, in graph order: what a request without <c>outputs</c> gets.</summary>
    public IReadOnlyList<string> TensorOutputs { get; }

    /// <summary>Input position by name.</summary>
    public IReadOnlyDictionary<string, int> InputIndex { get; }

    public static ModelSignature Of(OnnxSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new ModelSignature(session.Inputs, session.Outputs);
    }

    /// <summary>
    /// True when every input's first dimension is symbolic (or unknown), so requests can be stacked along it: the
    /// condition for dynamic batching.
    /// </summary>
    public bool IsBatchable => Inputs.Count > 0 && Inputs.All(i => i.Type.Shape is { Count: > 0 } s && !s[0].IsFixed)
        && Outputs.Where(o => TensorOutputs.Contains(o.Name)).All(o => o.Type.Shape is { Count: > 0 } s && !s[0].IsFixed);

    private static Dictionary<string, int> Index(IReadOnlyList<OnnxValueInfo> values)
    {
        var index = new Dictionary<string, int>(values.Count, StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            index[values[i].Name] = i;
        }

        return index;
    }
}
