using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;

namespace Crucible.Serving.Inference;

/// <summary>
/// What a served model accepts and returns, as ONNX Runtime reports it (symbolic dimensions kept). Requests are
/// validated against <see cref="Inputs"/>; outputs that are not tensors (ZipMap's seq(map)) are never returned
/// by default (<see cref="TensorOutputs"/>). <see cref="FeatureNames"/> names the columns of a single [N, C] input
/// when the model declares them (<see cref="OnnxFeatureNames"/>), so scoring requests can be matched by name.
/// </summary>
public sealed class ModelSignature
{
    public ModelSignature(IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs, IReadOnlyList<string>? featureNames = null)
    {
        Inputs = inputs;
        Outputs = outputs;
        TensorOutputs = outputs.Where(o => o.Type.Kind == OnnxValueKind.Tensor && Validation.ServableModel.HasOipDatatype(o.Type.ElementType)).Select(o => o.Name).ToArray();
        InputIndex = Index(inputs);
        FeatureNames = Applicable(inputs, featureNames);
    }

    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The names of the outputs that are tensors, in graph order: what a request without <c>outputs</c> gets.</summary>
    public IReadOnlyList<string> TensorOutputs { get; }

    /// <summary>Input position by name.</summary>
    public IReadOnlyDictionary<string, int> InputIndex { get; }

    /// <summary>
    /// The names of the columns (dimension 1) of the model's only input, in order, when the model declares them and
    /// they fit: one input of rank 2 or more whose dimension 1 is symbolic or equals their count. Otherwise null.
    /// </summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    public static ModelSignature Of(OnnxSession session, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new ModelSignature(session.Inputs, session.Outputs, featureNames);
    }

    /// <summary>
    /// True when every input's first dimension is symbolic (or unknown), so requests can be stacked along it: the
    /// condition for dynamic batching.
    /// </summary>
    public bool IsBatchable => Inputs.Count > 0 && Inputs.All(i => i.Type.Shape is { Count: > 0 } s && !s[0].IsFixed)
        && Outputs.Where(o => TensorOutputs.Contains(o.Name)).All(o => o.Type.Shape is { Count: > 0 } s && !s[0].IsFixed);

    private static IReadOnlyList<string>? Applicable(IReadOnlyList<OnnxValueInfo> inputs, IReadOnlyList<string>? names)
    {
        if (names is not { Count: > 0 } || inputs.Count != 1 || inputs[0].Type is not { Kind: OnnxValueKind.Tensor, Shape: { Count: >= 2 } shape })
        {
            return null;
        }

        return shape[1].IsFixed && shape[1].Value != names.Count ? null : names;
    }

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
