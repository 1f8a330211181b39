using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;
using Crucible.Serving.Validation;
using static Crucible.Serving.Tests.Protocols.Models;

namespace Crucible.Serving.Tests.Validation;

public sealed class SignatureValidatorTests
{
    private static readonly ModelSignature Fixed = new(
        [
            new OnnxValueInfo("a", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 2)),
            new OnnxValueInfo("b", OnnxValueType.Tensor(OnnxElementType.Int64, "N")),
            new OnnxValueInfo("k", OnnxValueType.Tensor(OnnxElementType.Int64, 3)),
        ],
        [new OnnxValueInfo("y", OnnxValueType.Tensor(OnnxElementType.Fp32, "N"))]);

    private static InferenceInput A(long rows) => new("a", OnnxTensor.FromArray(new float[rows * 2], rows, 2));

    private static InferenceInput B(long rows) => new("b", OnnxTensor.FromArray(new long[rows], rows));

    private static readonly InferenceInput K = new("k", OnnxTensor.FromArray(new long[3], 3));

    [Fact]
    public void A_matching_request_passes()
    {
        SignatureValidator.Validate(new InferenceRequest("1", [B(2), K, A(2)], ["y"]), Fixed, ServingLimits.Default);
    }

    [Fact]
    public void The_fixed_first_dimension_of_an_input_is_not_a_batch()
    {
        // k's first dimension is fixed at 3 and does not have to agree with the two rows of a and b.
        SignatureValidator.Validate(new InferenceRequest(null, [A(2), B(2), K]), Fixed, ServingLimits.Default);
    }

    public static TheoryData<InferenceRequest, string> BadRequests => new()
    {
        { new InferenceRequest(null, [A(2), B(3), K]), "inputs disagree on the batch size (first dimension): 'a' has 2 rows but 'b' has 3" },
        { new InferenceRequest(null, [A(2), K]), "missing input 'b' (INT64 [-1])" },
        { new InferenceRequest(null, [A(2), B(2), K, new InferenceInput("z", K.Tensor)]), "unknown input 'z'; the model's inputs are: a, b, k" },
        { new InferenceRequest(null, [A(2), B(2), K, K]), "input 'k' appears more than once" },
        { new InferenceRequest(null, [A(2), B(2), new InferenceInput("k", OnnxTensor.FromArray(new int[3], 3))]), "input 'k': expected datatype INT64, got INT32" },
        { new InferenceRequest(null, [A(2), B(2), new InferenceInput("k", OnnxTensor.FromArray(new long[4], 4))]), "input 'k': expected shape [3], got [4]" },
        { new InferenceRequest(null, [A(2), B(2), new InferenceInput("k", OnnxTensor.FromArray(new long[3], 1, 3))]), "input 'k': expected shape [3], got [1,3]" },
        { new InferenceRequest(null, [A(2), B(2), K], ["nope"]), "unknown output 'nope'; the model's outputs are: y" },
        { new InferenceRequest(null, [A(2), B(2), K], ["y", "y"]), "output 'y' is requested more than once" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Each_mismatch_names_what_was_expected_and_what_came(InferenceRequest request, string message)
    {
        Assert.Contains(message, Invalid(() => SignatureValidator.Validate(request, Fixed, ServingLimits.Default)));
    }

    [Fact]
    public void Limits_name_the_limit()
    {
        var request = new InferenceRequest(null, [A(10), B(10), K]);

        Assert.Contains("the request has 33 elements, more than the limit of 32",
            Invalid(() => SignatureValidator.Validate(request, Fixed, ServingLimits.Default with { MaxElements = 32 })));
        Assert.Contains("the request has 10 rows, more than the limit of 9",
            Invalid(() => SignatureValidator.Validate(request, Fixed, ServingLimits.Default with { MaxBatchRows = 9 })));
        Assert.Contains("the request has 3 inputs, more than the limit of 2",
            Invalid(() => SignatureValidator.Validate(request, Fixed, ServingLimits.Default with { MaxInputs = 2 })));
    }

    [Fact]
    public void An_input_of_unknown_rank_takes_any_shape_of_its_datatype()
    {
        var signature = new ModelSignature([new OnnxValueInfo("x", OnnxValueType.TensorOfUnknownRank(OnnxElementType.Fp32))], []);

        SignatureValidator.Validate(new InferenceRequest(null, [new InferenceInput("x", OnnxTensor.FromArray(new float[6], 1, 2, 3))]), signature, ServingLimits.Default);
        Assert.Contains("missing input 'x' (FP32 [any shape])", Invalid(() => SignatureValidator.Validate(new InferenceRequest(null, []), signature, ServingLimits.Default)));
    }
}
