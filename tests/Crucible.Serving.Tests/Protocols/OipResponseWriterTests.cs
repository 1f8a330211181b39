using Crucible.Onnx.Values;
using Crucible.Serving.Inference;
using Crucible.Serving.Protocols;
using static Crucible.Serving.Tests.Protocols.Models;

namespace Crucible.Serving.Tests.Protocols;

public sealed class OipResponseWriterTests
{
    [Fact]
    public void The_response_carries_model_id_parameters_and_flat_outputs()
    {
        var json = Write(o => OipResponseWriter.Write(
            o, "iris", "3", "req-1",
            [
                new InferenceOutput("label", OnnxTensor.FromArray(new long[] { 0, 2 }, 2)),
                new InferenceOutput("scores", OnnxTensor.FromArray(new[] { 0.5f, float.NaN, 1, 2 }, 2, 2)),
            ],
            new Dictionary<string, object> { ["batched"] = true, ["n"] = 2L }));

        Assert.Equal(
            """{"model_name":"iris","model_version":"3","id":"req-1","parameters":{"batched":true,"n":2},"outputs":[{"name":"label","datatype":"INT64","shape":[2],"data":[0,2]},{"name":"scores","datatype":"FP32","shape":[2,2],"data":[0.5,"NaN",1,2]}]}""",
            json);
    }

    [Fact]
    public void Model_version_and_empty_parameters_are_left_out()
    {
        var json = Write(o => OipResponseWriter.Write(o, "m", null, "", [new InferenceOutput("y", OnnxTensor.Vector("a", "b"))], new Dictionary<string, object>()));

        Assert.Equal("""{"model_name":"m","id":"","outputs":[{"name":"y","datatype":"BYTES","shape":[2],"data":["a","b"]}]}""", json);
    }

    [Fact]
    public void Writing_twice_on_one_thread_reuses_nothing_of_the_first_buffer()
    {
        var first = Write(o => OipResponseWriter.Write(o, "a", null, "1", []));
        var second = Write(o => OipResponseWriter.Write(o, "b", null, "2", []));

        Assert.Equal("""{"model_name":"a","id":"1","outputs":[]}""", first);
        Assert.Equal("""{"model_name":"b","id":"2","outputs":[]}""", second);
    }

    [Fact]
    public void A_non_tensor_output_is_refused()
    {
        var map = new OnnxMap(OnnxTensor.Vector(1L), OnnxTensor.Vector(0.5f));
        var sequence = new OnnxSequence([map]);

        Assert.Contains("output 'probabilities' is a sequence, not a tensor",
            Invalid(() => Write(o => OipResponseWriter.Write(o, "m", null, "1", [new InferenceOutput("probabilities", sequence)]))));
    }
}
