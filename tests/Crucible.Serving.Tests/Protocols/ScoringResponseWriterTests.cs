using Crucible.Onnx.Values;
using Crucible.Serving.Inference;
using Crucible.Serving.Protocols;
using static Crucible.Serving.Tests.Protocols.Models;

namespace Crucible.Serving.Tests.Protocols;

public sealed class ScoringResponseWriterTests
{
    [Fact]
    public void One_vector_output_is_a_list_of_scalars()
    {
        var json = Write(o => ScoringResponseWriter.Write(o, [new InferenceOutput("label", OnnxTensor.FromArray(new long[] { 0, 2 }, 2))]));

        Assert.Equal("""{"predictions":[0,2]}""", json);
    }

    [Fact]
    public void One_matrix_output_is_a_list_of_rows()
    {
        var json = Write(o => ScoringResponseWriter.Write(o, [new InferenceOutput("p", OnnxTensor.FromArray(new[] { 0.25f, 0.75f, 1, float.NaN }, 2, 2))]));

        Assert.Equal("""{"predictions":[[0.25,0.75],[1,"NaN"]]}""", json);
    }

    [Fact]
    public void Higher_ranks_nest_by_the_remaining_dimensions()
    {
        var json = Write(o => ScoringResponseWriter.Write(o, [new InferenceOutput("t", OnnxTensor.FromArray(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 2))]));

        Assert.Equal("""{"predictions":[[[1,2],[3,4]],[[5,6],[7,8]]]}""", json);
    }

    [Fact]
    public void Several_outputs_are_keyed_by_name()
    {
        var json = Write(o => ScoringResponseWriter.Write(o,
        [
            new InferenceOutput("label", OnnxTensor.Vector("a", "b")),
            new InferenceOutput("scores", OnnxTensor.FromArray(new[] { 0.5, 0.5, 1, 0 }, 2, 2)),
            new InferenceOutput("flag", OnnxTensor.FromArray(new[] { true, false }, 2, 1)),
        ]));

        Assert.Equal("""{"predictions":{"label":["a","b"],"scores":[[0.5,0.5],[1,0]],"flag":[[true],[false]]}}""", json);
    }

    [Fact]
    public void Empty_and_scalar_outputs_are_lists()
    {
        Assert.Equal("""{"predictions":[]}""", Write(o => ScoringResponseWriter.Write(o, [new InferenceOutput("y", OnnxTensor.FromArray(Array.Empty<float>(), 0, 3))])));
        Assert.Equal("""{"predictions":[7]}""", Write(o => ScoringResponseWriter.Write(o, [new InferenceOutput("y", OnnxTensor.FromArray(new long[] { 7 }))])));
    }

    [Fact]
    public void A_non_tensor_output_is_refused()
    {
        var sequence = new OnnxSequence([new OnnxMap(OnnxTensor.Vector(1L), OnnxTensor.Vector(0.5f))]);

        Assert.Contains("output 'probabilities' is a sequence, not a tensor",
            Invalid(() => Write(o => ScoringResponseWriter.Write(o, [new InferenceOutput("probabilities", sequence)]))));
    }
}
