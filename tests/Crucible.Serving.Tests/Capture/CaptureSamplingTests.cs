using Crucible.Onnx.Values;
using Crucible.Serving.Capture;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Tests.Capture;

/// <summary>Issue 13 item 5: what capture logs per row is bounded; wide rows are a strided sample with their original shape.</summary>
public sealed class CaptureSamplingTests
{
    [Fact]
    public void A_row_of_4800_elements_keeps_every_5th_and_a_narrow_tensor_is_left_alone()
    {
        var data = Enumerable.Range(0, 2 * 4_800).Select(i => (float)i).ToArray();
        var wide = OnnxTensor.FromArray(data, 2, 3, 40, 40);

        var sample = CaptureSampling.Reduce(wide, out var from);

        Assert.Equal([2L, 3, 40, 40], from!);
        Assert.Equal([2L, 960], sample.Shape);
        var values = sample.AsSpan<float>();
        Assert.Equal([0f, 5f, 10f], values[..3].ToArray());
        Assert.Equal(4_795f, values[959]);
        Assert.Equal(4_800f, values[960]);
        var narrow = OnnxTensor.FromArray(new float[2 * CaptureSampling.MaxElementsPerRow], 2, CaptureSampling.MaxElementsPerRow);
        Assert.Same(narrow, CaptureSampling.Reduce(narrow, out var none));
        Assert.Null(none);
    }

    [Fact]
    public async Task A_wide_input_is_logged_as_its_sample_with_the_original_shape_and_stride()
    {
        var log = new MemoryPredictionLog();
        await using var capture = new PredictionCapture(log, TimeProvider.System, new PredictionCaptureOptions { FlushInterval = TimeSpan.FromHours(1) });
        var volume = OnnxTensor.FromArray(new float[3 * 32 * 32 * 32], 1, 3, 32, 32, 32);

        Assert.True(capture.TryCapture(new CaptureItem("v", "vol", "vol", "1", 1, [new InferenceInput("x", volume)], [new InferenceOutput("y", OnnxTensor.Vector(1f))], 1, false)));
        await capture.FlushAsync(CancellationToken.None);

        var record = Assert.Single(log.Records);
        Assert.StartsWith("""{"x":{"datatype":"FP32","shape":[1,1024],"data":[0,0,""", record.Inputs, StringComparison.Ordinal);
        Assert.EndsWith("""],"sampled_from":[1,3,32,32,32],"sample_stride":96}}""", record.Inputs, StringComparison.Ordinal);
        Assert.True(record.Inputs.Length < 4 * 1_024, $"{record.Inputs.Length} characters");
        Assert.Equal("""{"y":{"datatype":"FP32","shape":[1],"data":[1]}}""", record.Outputs);
    }
}
