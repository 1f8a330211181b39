using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Optimization.Graph;
using Crucible.Optimization.Quantization;

namespace Crucible.Optimization.Tests;

public sealed class QuantizationTests
{
    private static readonly float[] s_input = Models.Normal(64 * 32, 11);

    [Fact]
    public void Dynamic_int8_mlp_has_four_times_smaller_weights_passes_the_checks_and_stays_close()
    {
        var parent = Models.Fixture("mlp");

        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Int8Dynamic));

        OnnxGraphChecker.Check(variant.Bytes);
        var operators = OnnxModelReader.Read(variant.Bytes).OperatorHistogram;
        Assert.Equal(2, operators["MatMulInteger"]);
        Assert.Equal(2, operators["DynamicQuantizeLinear"]);
        Assert.False(operators.ContainsKey("MatMul"));
        // The weights shrink 4x; the file of this 9.6 KB model only ~2.7x, since the graph itself (nodes, names) stays.
        var (parentWeights, variantWeights) = (OnnxModelReader.Read(parent).InitializerBytes, OnnxModelReader.Read(variant.Bytes).InitializerBytes);
        Assert.True(parentWeights >= 3.3 * variantWeights, $"parent weights {parentWeights} bytes, variant {variantWeights}");
        Assert.True(parent.Length >= 2.5 * variant.Bytes.Length, $"parent {parent.Length} bytes, variant {variant.Bytes.Length}");
        var (expected, actual) = (Models.Run(parent, s_input, 64, 32), Models.Run(variant.Bytes, s_input, 64, 32));
        Assert.InRange(Models.MaxAbsDifference(expected, actual), 1e-7, 0.05);
        Assert.True(Models.Agreement(expected, actual, 3) >= 0.95);
    }

    [Theory]
    [InlineData(CalibrationMethod.MinMax)]
    [InlineData(CalibrationMethod.Percentile)]
    public void Static_int8_calibrates_each_activation_and_stays_close(CalibrationMethod method)
    {
        var parent = Models.Fixture("mlp");
        var request = new OptimizationRequest(OptimizationTransform.Int8Static)
        {
            Calibration = method,
            CalibrationBatches = Models.Batches("input", 4, 128, 32, seed: 100),
        };

        var variant = ModelOptimizer.Optimize(parent, request);

        var operators = OnnxModelReader.Read(variant.Bytes).OperatorHistogram;
        Assert.Equal(2, operators["QuantizeLinear"]);
        Assert.False(operators.ContainsKey("DynamicQuantizeLinear"));
        Assert.Contains("2 activations calibrated", variant.Notes);
        Assert.Equal(method == CalibrationMethod.MinMax ? "minmax" : "percentile", variant.Settings["calibration"]);
        // Percentile clips the rare large activations the test rows hold, so its worst output moves further.
        var (expected, actual) = (Models.Run(parent, s_input, 64, 32), Models.Run(variant.Bytes, s_input, 64, 32));
        Assert.InRange(Models.MaxAbsDifference(expected, actual), 1e-7, method == CalibrationMethod.MinMax ? 0.05 : 0.1);
        Assert.True(Models.Agreement(expected, actual, 3) >= 0.95);
    }

    [Fact]
    public void Percentile_range_is_narrower_than_min_max_on_the_same_data()
    {
        var model = Models.Gemm();

        var minMax = Calibrate(model, CalibrationMethod.MinMax);
        var percentile = Calibrate(model, CalibrationMethod.Percentile);

        Assert.True(percentile.Max < minMax.Max && percentile.Min > minMax.Min, $"{percentile} vs {minMax}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Per_channel_scales_give_one_scale_per_output_column(bool perChannel)
    {
        var variant = ModelOptimizer.Optimize(Models.Gemm(), new OptimizationRequest(OptimizationTransform.Int8Dynamic) { PerChannel = perChannel });

        var scale = GraphEditor.Open(variant.Bytes).Model.Graph.Initializer.Single(i => i.Name.EndsWith("_ws", StringComparison.Ordinal));
        Assert.Equal(perChannel ? [4L] : [], scale.Dims);
        Assert.EndsWith(perChannel ? "per-channel" : "per-tensor", variant.Settings["weights"], StringComparison.Ordinal);
    }

    [Fact]
    public void Gemm_with_transposed_weights_alpha_beta_and_bias_matches_the_float_model()
    {
        var parent = Models.Gemm();
        var input = Models.Normal(50 * 6, 21);

        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Int8Dynamic));

        Assert.Equal(1, OnnxModelReader.Read(variant.Bytes).OperatorHistogram["MatMulInteger"]);
        Assert.InRange(Models.MaxAbsDifference(Models.Run(parent, input, 50, 6), Models.Run(variant.Bytes, input, 50, 6)), 1e-7, 0.05);
    }

    [Fact]
    public void Conv_with_bias_becomes_conv_integer_and_matches_the_float_model()
    {
        var parent = Models.Conv();
        var input = Models.Normal(3 * 2 * 64, 22);

        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Int8Dynamic));

        Assert.Equal(1, OnnxModelReader.Read(variant.Bytes).OperatorHistogram["ConvInteger"]);
        var expected = Models.Run(parent, input, 3, 2, 8, 8);
        var scale = expected.Max(Math.Abs);
        Assert.InRange(Models.MaxAbsDifference(expected, Models.Run(variant.Bytes, input, 3, 2, 8, 8)), 1e-7, 0.04 * scale);
    }

    [Theory]
    [InlineData(OptimizationTransform.Int8Dynamic)]
    [InlineData(OptimizationTransform.Fp16)]
    public void A_tree_ensemble_is_refused_by_its_operator_name(OptimizationTransform transform)
    {
        var error = Assert.Throws<CrucibleException>(() => ModelOptimizer.Optimize(Models.Fixture("tree_classifier"), new OptimizationRequest(transform)));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("TreeEnsembleClassifier (domain ai.onnx.ml)", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"cannot apply {transform.Name()}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Static_quantization_without_calibration_data_is_refused()
    {
        var error = Assert.Throws<CrucibleException>(() => ModelOptimizer.Optimize(Models.Fixture("mlp"), new OptimizationRequest(OptimizationTransform.Int8Static)));

        Assert.Contains("calibration", error.Message, StringComparison.Ordinal);
    }

    private static ActivationRange Calibrate(byte[] model, CalibrationMethod method)
    {
        var data = Models.Normal(6 * 2000, 9);
        data[17] = 40;
        data[18] = -35;
        var batches = new[] { (IReadOnlyList<KeyValuePair<string, Onnx.Values.OnnxTensor>>)[KeyValuePair.Create("x", (Onnx.Values.OnnxTensor)Onnx.Values.OnnxTensor.FromArray(data, 2000, 6))] };
        return Calibrator.Calibrate(GraphEditor.Open(model).Model, ["x"], batches, method, 99.9)["x"];
    }
}
