using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Tests.Inference;

/// <summary>A deployment's output controls on the tensors a model returns, for every floating-point element type.</summary>
public sealed class OutputControlTests
{
    private static readonly InferenceOutput Label = new("label", OnnxTensor.FromArray(new long[] { 2, 0 }, 2, 1));

    private static InferenceOutput Scores() => new("probabilities", OnnxTensor.FromArray(new[] { 0.123456f, 0.654321f, 0.222223f, 0.5f, 0.25f, 0.25f }, 2, 3));

    [Fact]
    public void Full_precision_returns_the_same_list()
    {
        IReadOnlyList<InferenceOutput> outputs = [Label, Scores()];

        Assert.Same(outputs, OutputControl.Apply(OutputControls.Full, outputs, "d"));
    }

    [Fact]
    public void Decimals_round_half_away_from_zero_and_keep_shape_and_type()
    {
        var rounded = OutputControl.Apply(new OutputControls(Decimals: 2), [Label, Scores()], "d");

        var tensor = (OnnxTensor)rounded[1].Value;
        Assert.Equal(OnnxElementType.Fp32, tensor.ElementType);
        Assert.Equal([2L, 3L], tensor.Shape);
        Assert.Equal([0.12f, 0.65f, 0.22f, 0.5f, 0.25f, 0.25f], tensor.ToArray<float>());
        Assert.Same(Label.Value, rounded[0].Value);
    }

    [Fact]
    public void Top_k_keeps_the_largest_per_row_in_place_and_breaks_ties_by_position()
    {
        var kept = OutputControl.Apply(new OutputControls(OutputMode.TopK, TopK: 2), [Scores()], "d");

        Assert.Equal([0f, 0.654321f, 0.222223f, 0.5f, 0.25f, 0f], ((OnnxTensor)kept[0].Value).ToArray<float>());
    }

    [Fact]
    public void Top_k_counts_nan_as_smallest_and_leaves_narrow_outputs_alone()
    {
        var withNaN = new InferenceOutput("s", OnnxTensor.FromArray(new[] { double.NaN, 0.1, 0.9 }, 1, 3));
        var single = new InferenceOutput("p", OnnxTensor.FromArray(new[] { 0.3f, 0.7f }, 2, 1));

        var kept = OutputControl.Apply(new OutputControls(OutputMode.TopK, TopK: 1), [withNaN, single], "d");

        Assert.Equal([0, 0, 0.9], ((OnnxTensor)kept[0].Value).ToArray<double>());
        Assert.Equal([0.3f, 0.7f], ((OnnxTensor)kept[1].Value).ToArray<float>());
    }

    [Fact]
    public void Half_and_bfloat16_are_rounded_in_their_own_type()
    {
        var half = new InferenceOutput("h", OnnxTensor.FromArray(new[] { (Half)0.6669922f }, 1));
        var bf16 = new InferenceOutput("b", new OnnxTensor<ushort>(new ushort[] { (ushort)(BitConverter.SingleToInt32Bits(3.140625f) >>> 16) }, [1], OnnxElementType.Bf16));

        var rounded = OutputControl.Apply(new OutputControls(Decimals: 1), [half, bf16], "d");

        Assert.Equal((Half)0.7f, ((OnnxTensor)rounded[0].Value).ToArray<Half>()[0]);
        var bits = ((OnnxTensor)rounded[1].Value).ToArray<ushort>()[0];
        Assert.Equal(OnnxElementType.Bf16, ((OnnxTensor)rounded[1].Value).ElementType);
        Assert.Equal(3.1f, BitConverter.Int32BitsToSingle(bits << 16), 0.02f);
    }

    [Fact]
    public void Label_only_drops_scores_and_refuses_an_answer_with_nothing_left()
    {
        var labels = OutputControl.Apply(new OutputControls(OutputMode.Label), [Label, Scores()], "churn");
        var e = Assert.Throws<CrucibleException>(() => OutputControl.Apply(new OutputControls(OutputMode.Label), [Scores()], "churn"));

        Assert.Equal(["label"], labels.Select(o => o.Name));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("'churn' answers with labels only", e.Message, StringComparison.Ordinal);
    }
}
