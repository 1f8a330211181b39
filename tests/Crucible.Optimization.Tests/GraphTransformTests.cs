using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;
using Crucible.Optimization.Graph;

namespace Crucible.Optimization.Tests;

public sealed class GraphTransformTests
{
    private static readonly float[] s_input = Models.Normal(64 * 32, 12);

    [Fact]
    public void Fp16_variant_is_half_the_size_and_close_to_the_parent()
    {
        var parent = Models.Fixture("mlp");

        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Fp16));

        var info = OnnxModelReader.Read(variant.Bytes);
        Assert.Equal(4, info.OperatorHistogram["Cast"]);
        Assert.InRange(variant.Bytes.Length / (double)parent.Length, 0.45, 0.56);
        Assert.InRange(Models.MaxAbsDifference(Models.Run(parent, s_input, 64, 32), Models.Run(variant.Bytes, s_input, 64, 32)), 1e-9, 2e-3);
        Assert.Equal("4 initializers stored as FP16", variant.Notes[0]);
    }

    [Theory]
    [InlineData(Onnx.Runtime.OnnxGraphOptimizationLevel.Basic)]
    [InlineData(Onnx.Runtime.OnnxGraphOptimizationLevel.Extended)]
    public void Graph_optimized_variant_equals_the_parent_to_1e5(Onnx.Runtime.OnnxGraphOptimizationLevel level)
    {
        var parent = Models.Fixture("mlp");

        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Graph) { GraphLevel = level });

        Assert.NotEqual(parent, variant.Bytes);
        Assert.InRange(Models.MaxAbsDifference(Models.Run(parent, s_input, 64, 32), Models.Run(variant.Bytes, s_input, 64, 32)), 0, 1e-5);
        Assert.Equal(level.ToString().ToLowerInvariant(), variant.Settings["level"]);
    }

    [Fact]
    public void Checker_rejects_a_node_reading_an_undefined_value()
    {
        var broken = new OnnxModelBuilder().Input("x", OnnxElementType.Fp32, "N", 2).Output("y", OnnxElementType.Fp32, "N", 2)
            .Node("Relu", ["nowhere"], ["y"]).ToBytes();

        var error = Assert.Throws<CrucibleException>(() => OnnxGraphChecker.Check(broken));

        Assert.Contains("reads 'nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checker_rejects_a_value_assigned_twice_and_an_unimported_domain()
    {
        var twice = new OnnxModelBuilder().Input("x", OnnxElementType.Fp32, "N", 2).Output("y", OnnxElementType.Fp32, "N", 2)
            .Node("Relu", ["x"], ["y"]).Node("Neg", ["x"], ["y"]).ToBytes();
        var domain = new OnnxModelBuilder().Input("x", OnnxElementType.Fp32, "N", 2).Output("y", OnnxElementType.Fp32, "N", 2)
            .Node("FusedGemm", ["x"], ["y"], domain: "com.microsoft").ToBytes();

        Assert.Contains("already defined", Assert.Throws<CrucibleException>(() => OnnxGraphChecker.Check(twice)).Message, StringComparison.Ordinal);
        Assert.Contains("domain 'com.microsoft'", Assert.Throws<CrucibleException>(() => OnnxGraphChecker.Check(domain)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("tree_classifier")]
    public void Checker_accepts_the_committed_fixtures(string name) => OnnxGraphChecker.Check(Models.Fixture(name));
}
