using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Onnx.Writing;

namespace Crucible.Onnx.Tests.Writing;

public sealed class OnnxModelBuilderTests
{
    [Fact]
    public void Mlp_built_in_code_runs_and_matches_manual_math()
    {
        float[] w1 = [1, -1, 0.5f, 2, 0, 1];   // [2,3]
        float[] b1 = [0.1f, -3, 0.2f];
        float[] w2 = [1, 2, 3];                 // [3,1]
        var bytes = new OnnxModelBuilder("tiny_mlp")
            .Opset(string.Empty, 13)
            .Input("x", OnnxElementType.Fp32, "batch", 2)
            .Output("y", OnnxElementType.Fp32, "batch", 1)
            .Initializer("w1", w1, 2, 3).Initializer("b1", b1, 3).Initializer("w2", w2, 3, 1)
            .Node("MatMul", ["x", "w1"], ["h"]).Node("Add", ["h", "b1"], ["a"]).Node("Relu", ["a"], ["r"])
            .Node("MatMul", ["r", "w2"], ["y"])
            .ToBytes();
        using var session = new OnnxSession(bytes);

        var y = session.Run(OnnxTensor.FromArray(new float[] { 1, 2, -1, 0.5f }, 2, 2)).ToArray<float>();

        Assert.Equal(Manual([1, 2]), y[0], 5);
        Assert.Equal(Manual([-1, 0.5f]), y[1], 5);

        float Manual(float[] x)
        {
            var total = 0f;
            for (var j = 0; j < 3; j++)
            {
                total += Math.Max(0, (x[0] * w1[j]) + (x[1] * w1[3 + j]) + b1[j]) * w2[j];
            }

            return total;
        }
    }

    [Fact]
    public void Built_model_reads_back_with_reader()
    {
        var bytes = new OnnxModelBuilder("g", "trainer", "1.2").ModelVersion(7, "ai.crucible").DocString("doc").Metadata("k", "v")
            .Input("x", OnnxElementType.Fp32, "n", 3)
            .Output("y", OnnxElementType.Fp32, "n", 1)
            .LinearRegressor("x", "y", [1, 2, 3], [0.5f])
            .ToBytes();

        var info = OnnxModelReader.Read(bytes);

        Assert.Equal(("trainer", "1.2", 7L, "ai.crucible", "doc", "g"), (info.ProducerName, info.ProducerVersion, info.ModelVersion, info.Domain, info.DocString, info.GraphName));
        Assert.Equal(OnnxModelBuilder.DefaultIrVersion, info.IrVersion);
        Assert.Equal(17, info.OpsetVersion(string.Empty));
        Assert.Equal(3, info.OpsetVersion("ai.onnx.ml"));
        Assert.Equal(1, info.OperatorHistogram["ai.onnx.ml:LinearRegressor"]);
        Assert.Equal("v", info.MetadataProps["k"]);
        Assert.Equal("x: float[n,3]", info.Inputs.Single().ToString());
    }

    [Fact]
    public void Linear_regressor_and_classifier_run()
    {
        var regressor = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "n", 3).Output("y", OnnxElementType.Fp32, "n", 1)
            .LinearRegressor("x", "y", [1, 2, 3], [0.5f]).ToBytes();
        var classifier = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "n", 2)
            .Output("label", OnnxElementType.Int64, "n").Output("p", OnnxElementType.Fp32, "n", 2)
            .LinearClassifier("x", "label", "p", [1, -1], [0], [0, 1]).ToBytes();
        using var r = new OnnxSession(regressor);
        using var c = new OnnxSession(classifier);

        Assert.Equal(new[] { 1 + 4 + 9 + 0.5f }, r.Run(OnnxTensor.FromArray(new float[] { 1, 2, 3 }, 1, 3)).ToArray<float>());
        var outputs = c.Run([KeyValuePair.Create("x", (OnnxTensor)OnnxTensor.FromArray(new float[] { 2, 1, 1, 2 }, 2, 2))]);
        Assert.Equal(new long[] { 1, 0 }, outputs["label"].AsTensor().ToArray<long>());
        var p = outputs["p"].AsTensor().ToArray<float>();
        Assert.Equal(1 / (1 + MathF.Exp(-1)), p[1], 5);
        Assert.Equal(1 - p[1], p[0], 5);
    }

    [Fact]
    public void Tree_ensembles_run()
    {
        // x0 <= 0.5 goes to node 1, otherwise node 2.
        var regressor = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "n", 1).Output("y", OnnxElementType.Fp32, "n", 1)
            .TreeEnsembleRegressor("x", "y", new OnnxTreeEnsemble().Branch(0, 0, 0, 0.5f, 1, 2).Leaf(0, 1, (0, -1f)).Leaf(0, 2, (0, 4f)), baseValues: [10])
            .ToBytes();
        var trees = new OnnxTreeEnsemble()
            .Branch(0, 0, 0, 0.5f, 1, 2).Leaf(0, 1, (0, 0.6f), (1, 0.3f), (2, 0.1f)).Leaf(0, 2, (0, 0.1f), (1, 0.2f), (2, 0.7f))
            .Branch(1, 0, 0, -0.5f, 1, 2).Leaf(1, 1, (1, 0.9f)).Leaf(1, 2, (0, 0.1f));
        var classifier = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "n", 1)
            .Output("label", OnnxElementType.Int64, "n").Output("scores", OnnxElementType.Fp32, "n", 3)
            .TreeEnsembleClassifier("x", "label", "scores", trees, [7, 8, 9])
            .ToBytes();
        using var r = new OnnxSession(regressor);
        using var c = new OnnxSession(classifier);

        Assert.Equal(new float[] { 9, 9, 14 }, r.Run(OnnxTensor.FromArray(new float[] { -1, 0, 1 }, 3, 1)).ToArray<float>());
        var outputs = c.Run([KeyValuePair.Create("x", (OnnxTensor)OnnxTensor.FromArray(new float[] { -1, 0, 1 }, 3, 1))]);
        JsonTensorsClose([0.6f, 1.2f, 0.1f, 0.7f, 0.3f, 0.1f, 0.2f, 0.2f, 0.7f], outputs["scores"].AsTensor().ToArray<float>());
        Assert.Equal(new long[] { 8, 7, 9 }, outputs["label"].AsTensor().ToArray<long>());
    }

    [Fact]
    public void Binary_tree_classifier_with_positive_class_weights_labels_correctly()
    {
        // ONNX Runtime mislabels two-class ensembles that carry weights for both classes; weights for class 1 only work.
        var trees = new OnnxTreeEnsemble().Branch(0, 0, 0, 0.5f, 1, 2).Leaf(0, 1, (1, 0.1f)).Leaf(0, 2, (1, 0.8f));
        var model = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "n", 1)
            .Output("label", OnnxElementType.Int64, "n").Output("scores", OnnxElementType.Fp32, "n", 2)
            .TreeEnsembleClassifier("x", "label", "scores", trees, [7, 9])
            .ToBytes();
        using var session = new OnnxSession(model);

        var outputs = session.Run([KeyValuePair.Create("x", (OnnxTensor)OnnxTensor.FromArray(new float[] { 0, 1 }, 2, 1))]);

        Assert.Equal(new long[] { 7, 9 }, outputs["label"].AsTensor().ToArray<long>());
        Assert.Equal(0.8f, outputs["scores"].AsTensor().ToArray<float>()[3]);
    }

    private static void JsonTensorsClose(float[] expected, float[] actual) =>
        Runtime.JsonTensors.AssertClose(expected.Select(f => (double)f).ToArray(), actual.Select(f => (double)f).ToArray());

    [Fact]
    public void Initializer_shape_must_match_data()
    {
        Assert.Throws<ArgumentException>(() => new OnnxModelBuilder().Initializer("w", new float[5], 2, 2));
    }
}
