using Crucible.Onnx.Model;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Validation;

/// <summary>
/// Whether a loaded model can be served over the Open Inference Protocol and MLflow scoring at all, decided once
/// when it loads (and so at deploy time) instead of failing every request: each input must be a tensor whose element
/// type has an OIP datatype (sequence, map, optional and sparse inputs, which ONNX Runtime takes but OIP cannot
/// express, are refused with the input named), and at least one output must be such a tensor.
/// </summary>
public static class ServableModel
{
    /// <summary>True when the element type has an Open Inference Protocol datatype (BF16 included, as Triton spells it).</summary>
    public static bool HasOipDatatype(OnnxElementType type) =>
        OnnxElementTypes.TryParseOipDatatype(type.ToOipDatatype(), out _);

    /// <summary>Why the model cannot be served, or null when it can.</summary>
    public static string? Problem(ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        foreach (var input in signature.Inputs)
        {
            if (input.Type.Kind != OnnxValueKind.Tensor)
            {
                return $"input '{input.Name}' is {input.Type}, which the Open Inference Protocol and MLflow scoring cannot carry (only tensors); "
                    + "re-export the model with tensor inputs";
            }

            if (!HasOipDatatype(input.Type.ElementType))
            {
                return $"input '{input.Name}' has element type {input.Type.ElementType.ToOnnxName()}, which has no Open Inference Protocol datatype";
            }
        }

        if (signature.TensorOutputs.Count == 0)
        {
            var outputs = string.Join(", ", signature.Outputs.Select(o => $"'{o.Name}' ({o.Type})"));
            return $"no output is a tensor with an Open Inference Protocol datatype (outputs: {outputs}), so no request could be answered; "
                + "re-export with tensor outputs (for scikit-learn classifiers, zipmap=False)";
        }

        return null;
    }
}
