using Crucible.Onnx;
using Crucible.Serving.Inference;

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
}
