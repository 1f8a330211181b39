using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;

namespace Crucible.Onnx.Tests.Runtime;

public sealed class OnnxSessionErrorTests
{
    [Fact]
    public void Wrong_input_name_surfaces_ort_message()
    {
        using var session = new OnnxSession(Fixtures.Bytes("mlp"));

        var ex = Assert.Throws<OnnxRuntimeException>(() =>
            session.Run([KeyValuePair.Create("nope", (OnnxTensor)OnnxTensor.FromArray(new float[32], 1, 32))]));

        Assert.Equal(OrtErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("nope", ex.OrtMessage, StringComparison.Ordinal);
        Assert.Contains(ex.OrtMessage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_surfaces_ort_message()
    {
        using var session = new OnnxSession(Fixtures.Bytes("mlp"));

        var ex = Assert.Throws<OnnxRuntimeException>(() => session.Run(OnnxTensor.FromArray(new float[31], 1, 31)));

        Assert.Equal(OrtErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("input", ex.OrtMessage, StringComparison.Ordinal);
        Assert.Contains("31", ex.OrtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_element_type_surfaces_ort_message()
    {
        using var session = new OnnxSession(Fixtures.Bytes("mlp"));

        var ex = Assert.Throws<OnnxRuntimeException>(() => session.Run(OnnxTensor.FromArray(new double[32], 1, 32)));

        Assert.Contains("type", ex.OrtMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Invalid_model_bytes_surface_ort_message()
    {
        var ex = Assert.Throws<OnnxRuntimeException>(() => new OnnxSession("not a model"u8));

        Assert.NotEqual(OrtErrorCode.Ok, ex.Code);
        Assert.False(string.IsNullOrWhiteSpace(ex.OrtMessage));
    }

    [Fact]
    public void Session_survives_a_failed_run()
    {
        using var session = new OnnxSession(Fixtures.Bytes("identity_fp32"));
        Assert.Throws<OnnxRuntimeException>(() => session.Run(OnnxTensor.FromArray(new float[3], 3)));

        Assert.Equal(new float[] { 1, 2 }, session.Run(OnnxTensor.FromArray(new float[] { 1, 2 }, 1, 2)).ToArray<float>());
    }

    [Fact]
    public void Dispose_twice_is_safe_and_run_after_dispose_throws()
    {
        var session = new OnnxSession(Fixtures.Bytes("identity_fp32"));
        session.Dispose();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run(OnnxTensor.FromArray(new float[] { 1, 2 }, 1, 2)));
    }

    [Fact]
    public void Tensor_shape_must_match_data()
    {
        Assert.Throws<ArgumentException>(() => OnnxTensor.FromArray(new float[5], 2, 3));
        Assert.Throws<ArgumentException>(() => OnnxTensor.FromArray(new float[5], -1, 5));
        Assert.Throws<InvalidCastException>(() => OnnxTensor.FromArray(new float[2], 2).ToArray<long>());
    }
}
