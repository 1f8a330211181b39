using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;

namespace Crucible.Onnx.Tests.Model;

public sealed class OnnxModelRewriterTests
{
    [Fact]
    public void ZipMap_output_becomes_a_probability_tensor_with_the_same_numbers()
    {
        var original = Fixtures.Bytes("linear_classifier");
        var rewritten = OnnxModelRewriter.ReplaceZipMapWithTensor(original, out var replaced);
        var x = OnnxTensor.FromArray(new float[] { 0.5f, -1, 2, 0.1f, -2, 1, 0, -1 }, 2, 4);
        using var before = new OnnxSession(original);
        using var after = new OnnxSession(rewritten);

        var rows = before.Run([KeyValuePair.Create("features", (OnnxTensor)x)])["probabilities"].AsSequence().ToDictionaries<long, float>();
        var outputs = after.Run([KeyValuePair.Create("features", (OnnxTensor)x)]);

        Assert.Equal(1, replaced);
        Assert.Equal("probabilities: float[N,2]", OnnxModelReader.Read(rewritten).Outputs[1].ToString());
        Assert.Equal("probabilities: float[N,2]", after.Outputs[1].ToString());
        Assert.Equal(new[] { rows[0][0], rows[0][1], rows[1][0], rows[1][1] }, outputs["probabilities"].AsTensor().ToArray<float>());
        Assert.Equal(1, OnnxModelReader.Read(rewritten).OperatorHistogram["Identity"]);
    }

    [Fact]
    public void String_label_zipmap_is_replaced_too()
    {
        var rewritten = OnnxModelRewriter.ReplaceZipMapWithTensor(Fixtures.Bytes("tree_classifier"), out var replaced);

        Assert.Equal(1, replaced);
        Assert.Equal("output_probability: float[?,3]", OnnxModelReader.Read(rewritten).Outputs[2].ToString());
    }

    [Fact]
    public void Model_without_zipmap_is_returned_unchanged()
    {
        var original = Fixtures.Bytes("mlp");

        var rewritten = OnnxModelRewriter.ReplaceZipMapWithTensor(original, out var replaced);

        Assert.Equal(0, replaced);
        Assert.Equal(original, rewritten);
    }
}
