using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Validation;

/// <summary>
/// Checks a parsed request against the model's signature and the serving limits: every input present once, no
/// unknown inputs, datatypes and fixed dimensions equal, one batch size across inputs, and the requested outputs
/// exist and are tensors. Every failure is a <see cref="CrucibleException.Invalid"/> naming what was expected and
/// what came. Both protocol readers call it last, so a request they return is always valid.
/// </summary>
public static class SignatureValidator
{
    public static void Validate(InferenceRequest request, ModelSignature signature, ServingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(limits);

        var inputs = request.Inputs ?? throw CrucibleException.Invalid("the request has no inputs");
        if (inputs.Count > limits.MaxInputs)
        {
            throw CrucibleException.Invalid($"the request has {inputs.Count} inputs, more than the limit of {limits.MaxInputs}");
        }

        var expectedCount = signature.Inputs.Count;
        Span<bool> seen = expectedCount <= 256 ? stackalloc bool[expectedCount] : new bool[expectedCount];
        long total = 0;
        long batch = -1;
        string? batchInput = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var name = input.Name ?? throw CrucibleException.Invalid($"input #{i} has no name");
            if (!signature.InputIndex.TryGetValue(name, out var index))
            {
                throw UnknownInput(name, signature);
            }

            if (seen[index])
            {
                throw CrucibleException.Invalid($"input '{name}' appears more than once");
            }

            seen[index] = true;
            var tensor = input.Tensor ?? throw CrucibleException.Invalid($"input '{name}' has no tensor");
            var expected = signature.Inputs[index].Type;
            CheckInput(name, expected, tensor.ElementType, tensor.Shape);
            total += tensor.Length;
            if (tensor.Shape.Count > 0 && (expected.Shape is null || !expected.Shape[0].IsFixed))
            {
                var rows = tensor.Shape[0];
                if (batch < 0)
                {
                    (batch, batchInput) = (rows, name);
                }
                else if (rows != batch)
                {
                    throw CrucibleException.Invalid(
                        $"inputs disagree on the batch size (first dimension): '{batchInput}' has {batch} rows but '{name}' has {rows}");
                }
            }
        }

        for (var i = 0; i < expectedCount; i++)
        {
            if (!seen[i])
            {
                var missing = signature.Inputs[i];
                throw CrucibleException.Invalid($"missing input '{missing.Name}' ({ShapeText.Describe(missing.Type)})");
            }
        }

        if (total > limits.MaxElements)
        {
            throw TooManyElements(total, limits);
        }

        var batchRows = batch >= 0 ? batch : request.BatchSize;
        if (batchRows > limits.MaxBatchRows)
        {
            throw TooManyRows(batchRows, limits);
        }

        if (request.Outputs is { } outputs)
        {
            ValidateOutputs(outputs, signature);
        }
    }

    /// <summary>Checks one input's datatype, rank and fixed dimensions against the model's.</summary>
    internal static void CheckInput(string name, OnnxValueType expected, OnnxElementType elementType, IReadOnlyList<long> shape)
    {
        if (expected.Kind != OnnxValueKind.Tensor)
        {
            throw CrucibleException.Invalid($"input '{name}': the model expects {expected}, which a request tensor cannot carry");
        }

        if (expected.ElementType != elementType)
        {
            throw DatatypeMismatch(name, expected.ElementType, elementType);
        }

        if (expected.Shape is not { } dims)
        {
            return;
        }

        var ok = dims.Count == shape.Count;
        for (var d = 0; ok && d < dims.Count; d++)
        {
            ok = !dims[d].IsFixed || dims[d].Value == shape[d];
        }

        if (!ok)
        {
            throw CrucibleException.Invalid($"input '{name}': expected shape {ShapeText.Format(dims)}, got {ShapeText.Format(shape)}");
        }
    }

    internal static CrucibleException UnknownInput(string name, ModelSignature signature) =>
        CrucibleException.Invalid($"unknown input '{name}'; the model's inputs are: {ShapeText.Names(signature.Inputs)}");

    internal static CrucibleException DatatypeMismatch(string name, OnnxElementType expected, OnnxElementType got) =>
        CrucibleException.Invalid($"input '{name}': expected datatype {expected.ToOipDatatype()}, got {got.ToOipDatatype()}");

    internal static CrucibleException TooManyElements(long total, ServingLimits limits) =>
        CrucibleException.Invalid($"the request has {total} elements, more than the limit of {limits.MaxElements}");

    internal static CrucibleException TooManyRows(long rows, ServingLimits limits) =>
        CrucibleException.Invalid($"the request has {rows} rows, more than the limit of {limits.MaxBatchRows}");

    private static void ValidateOutputs(IReadOnlyList<string> outputs, ModelSignature signature)
    {
        for (var i = 0; i < outputs.Count; i++)
        {
            var name = outputs[i];
            OnnxValueInfo? found = null;
            foreach (var output in signature.Outputs)
            {
                if (output.Name == name)
                {
                    found = output;
                    break;
                }
            }

            if (found is null)
            {
                throw CrucibleException.Invalid($"unknown output '{name}'; the model's outputs are: {ShapeText.Names(signature.TensorOutputs)}");
            }

            if (found.Type.Kind != OnnxValueKind.Tensor)
            {
                throw CrucibleException.Invalid(
                    $"output '{name}' is {found.Type}, not a tensor; the tensor outputs are: {ShapeText.Names(signature.TensorOutputs)}");
            }

            for (var j = 0; j < i; j++)
            {
                if (outputs[j] == name)
                {
                    throw CrucibleException.Invalid($"output '{name}' is requested more than once");
                }
            }
        }
    }
}
