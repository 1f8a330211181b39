using Crucible.Onnx.Values;

namespace Crucible.Serving.Inference;

/// <summary>One named input tensor of a request, already typed and shaped.</summary>
public readonly record struct InferenceInput(string Name, OnnxTensor Tensor);

/// <summary>One named output of a run.</summary>
public readonly record struct InferenceOutput(string Name, OnnxValue Value);

/// <summary>
/// A parsed inference request, protocol-neutral: the OIP reader and the MLflow scoring reader both produce it.
/// <see cref="Outputs"/> lists the outputs the client asked for (null: all tensor outputs).
/// <see cref="Parameters"/> holds the request's <c>parameters</c> (string, number or bool values).
/// </summary>
public sealed record InferenceRequest(
    string? Id,
    IReadOnlyList<InferenceInput> Inputs,
    IReadOnlyList<string>? Outputs = null,
    IReadOnlyDictionary<string, object>? Parameters = null)
{
    /// <summary>Rows in the request: the first dimension of the first input (1 for scalars).</summary>
    public long BatchSize => Inputs.Count == 0 || Inputs[0].Tensor.Shape.Count == 0 ? 1 : Inputs[0].Tensor.Shape[0];
}
