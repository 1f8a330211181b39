using System.Text.Json;
using Crucible.Onnx.Model;
using Crucible.Optimization.Graph;
using Crucible.Optimization.Quantization;

namespace Crucible.Optimization.Tests;

/// <summary>The PyTorch-exported CNN (Fixtures/make_cnn.py): every transform on a real exporter's graph.</summary>
public sealed class CnnTests
{
    private static readonly Lazy<(float[] Input, float[] Probabilities)> s_expected = new(() =>
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cnn_expected.json")));
        float[] Read(string name) => json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetSingle()).ToArray();
        return (Read("input"), Read("probabilities"));
    });

    private static float[] Input => s_expected.Value.Input;

    [Fact]
    public void Onnx_runtime_reproduces_the_exported_model()
    {
        Assert.InRange(Models.MaxAbsDifference(s_expected.Value.Probabilities, Models.Run(Models.Fixture("cnn"), Input, 4, 1, 28, 28)), 0, 1e-5);
    }

    [Fact]
    public void Dynamic_int8_cnn_is_three_times_smaller_and_agrees_with_the_parent()
    {
        var parent = Models.Fixture("cnn");

        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Int8Dynamic));

        var operators = OnnxModelReader.Read(variant.Bytes).OperatorHistogram;
        Assert.Equal(2, operators["ConvInteger"]);
        Assert.Equal(2, operators["MatMulInteger"]);
        Assert.True(parent.Length >= 3 * variant.Bytes.Length, $"parent {parent.Length} bytes, variant {variant.Bytes.Length}");
        Assert.InRange(Models.MaxAbsDifference(Models.Run(parent, Input, 4, 1, 28, 28), Models.Run(variant.Bytes, Input, 4, 1, 28, 28)), 1e-7, 0.02);
    }

    [Fact]
    public void Static_int8_cnn_calibrated_with_percentiles_stays_close()
    {
        var parent = Models.Fixture("cnn");
        var calibration = Enumerable.Range(0, 4).Select(b => (IReadOnlyList<KeyValuePair<string, Onnx.Values.OnnxTensor>>)
            [KeyValuePair.Create("image", (Onnx.Values.OnnxTensor)Onnx.Values.OnnxTensor.FromArray(Models.Normal(16 * 784, 40 + b), 16, 1, 28, 28))]);

        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Int8Static)
        {
            Calibration = CalibrationMethod.Percentile,
            CalibrationBatches = calibration,
        });

        Assert.Contains("4 activations calibrated", variant.Notes);
        Assert.InRange(Models.MaxAbsDifference(Models.Run(parent, Input, 4, 1, 28, 28), Models.Run(variant.Bytes, Input, 4, 1, 28, 28)), 1e-7, 0.03);
    }

    [Fact]
    public void Fp16_cnn_is_half_the_size_and_graph_optimized_cnn_equals_the_parent()
    {
        var parent = Models.Fixture("cnn");
        var expected = Models.Run(parent, Input, 4, 1, 28, 28);

        var fp16 = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Fp16));
        var graph = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Graph));

        Assert.InRange(fp16.Bytes.Length / (double)parent.Length, 0.49, 0.52);
        Assert.InRange(Models.MaxAbsDifference(expected, Models.Run(fp16.Bytes, Input, 4, 1, 28, 28)), 1e-9, 1e-3);
        Assert.InRange(Models.MaxAbsDifference(expected, Models.Run(graph.Bytes, Input, 4, 1, 28, 28)), 0, 1e-5);
        OnnxGraphChecker.Check(graph.Bytes);
    }
}
