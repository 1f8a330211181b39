using Crucible.Onnx.Model;
using Crucible.Serving.Inference;
using Crucible.Serving.Validation;

namespace Crucible.Serving.Tests.Inference;

public sealed class ModelSignatureTests
{
    [Fact]
    public void A_symbolic_first_dimension_everywhere_makes_a_model_batchable()
    {
        var batchable = new ModelSignature(
            [new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 4))],
            [new OnnxValueInfo("y", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 3)), new OnnxValueInfo("z", OnnxValueType.Sequence(OnnxValueType.Unknown))]);
        var fixedBatch = new ModelSignature(
            [new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, 1, 4))],
            [new OnnxValueInfo("y", OnnxValueType.Tensor(OnnxElementType.Fp32, 1, 3))]);

        Assert.True(batchable.IsBatchable);
        Assert.Equal(["y"], batchable.TensorOutputs);
        Assert.False(fixedBatch.IsBatchable);
    }

    [Fact]
    public void Feature_names_apply_only_to_one_input_whose_columns_they_fit()
    {
        string[] names = ["a", "b", "c"];
        ModelSignature Of(params OnnxValueInfo[] inputs) =>
            new(inputs, [new OnnxValueInfo("y", OnnxValueType.Tensor(OnnxElementType.Fp32, "N"))], names);

        Assert.Equal(names, Of(new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 3))).FeatureNames);
        Assert.Equal(names, Of(new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", "C"))).FeatureNames);
        Assert.Null(Of(new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 4))).FeatureNames);
        Assert.Null(Of(new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N"))).FeatureNames);
        Assert.Null(Of(
            new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 3)),
            new OnnxValueInfo("z", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 3))).FeatureNames);
    }

    [Fact]
    public void Servable_models_have_tensor_inputs_and_a_tensor_output_with_oip_datatypes()
    {
        var tensor = OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 3);
        ModelSignature Of(OnnxValueType input, params OnnxValueType[] outputs) =>
            new([new OnnxValueInfo("x", input)], [.. outputs.Select((o, i) => new OnnxValueInfo($"y{i}", o))]);

        Assert.Null(ServableModel.Problem(Of(tensor, OnnxValueType.Sequence(tensor), tensor)));
        Assert.Null(ServableModel.Problem(Of(OnnxValueType.Tensor(OnnxElementType.Bf16, "N"), OnnxValueType.Tensor(OnnxElementType.Bf16, "N"))));
        Assert.Contains("no output is a tensor", ServableModel.Problem(Of(tensor, OnnxValueType.Sequence(tensor))), StringComparison.Ordinal);
        Assert.Contains("no output is a tensor", ServableModel.Problem(Of(tensor, OnnxValueType.Tensor(OnnxElementType.Complex64, "N"))), StringComparison.Ordinal);
        Assert.Contains("input 'x' is optional(float[N,3])", ServableModel.Problem(Of(OnnxValueType.Optional(tensor), tensor)), StringComparison.Ordinal);
        Assert.Contains("input 'x' is map(int64, float[N,3])", ServableModel.Problem(Of(OnnxValueType.Map(OnnxElementType.Int64, tensor), tensor)), StringComparison.Ordinal);
        Assert.Contains("input 'x' has element type complex128", ServableModel.Problem(Of(OnnxValueType.Tensor(OnnxElementType.Complex128, "N"), tensor)), StringComparison.Ordinal);
    }
}
