using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Crucible.Onnx.Model;
using Crucible.Serving.Inference;
using Crucible.Serving.Protocols;
using static Crucible.Serving.Tests.Protocols.Models;

namespace Crucible.Serving.Tests.Protocols;

/// <summary>The OIP REST binary tensor data extension: a JSON header, then the raw bytes of the inputs that declare binary_data_size.</summary>
public sealed class OipBinaryRequestTests
{
    private static byte[] Body(string header, params byte[][] parts)
    {
        var json = Json(header);
        return [.. json, .. parts.SelectMany(p => p)];
    }

    private static ModelSignature Signature(params (string Name, OnnxElementType Type, OnnxDimension[] Shape)[] inputs) => new(
        [.. inputs.Select(i => new OnnxValueInfo(i.Name, OnnxValueType.Tensor(i.Type, i.Shape)))],
        [new OnnxValueInfo("y", OnnxValueType.Tensor(OnnxElementType.Fp32, "N"))]);

    private static byte[] Floats(params float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static InferenceRequest Read(byte[] body, int headerLength, ModelSignature signature) =>
        OipRequestReader.Binary(headerLength)(body, signature, ServingLimits.Default);

    [Fact]
    public void Binary_inputs_read_the_same_tensor_as_json_data()
    {
        var header = "{'id':'b1','inputs':[{'name':'x','shape':[2,4],'datatype':'FP32','parameters':{'binary_data_size':32}}]}";
        var body = Body(header, Floats(1, 2.5f, -3, float.NaN, 5, 6, 7, 8));

        var request = Read(body, Json(header).Length, Single(OnnxElementType.Fp32, "N", 4));
        var json = OipRequestReader.Read(Json("{'inputs':[{'name':'x','shape':[2,4],'datatype':'FP32','data':[1,2.5,-3,'NaN',5,6,7,8]}]}"), Single(OnnxElementType.Fp32, "N", 4), ServingLimits.Default);

        Assert.Equal("b1", request.Id);
        Assert.Equal([2L, 4L], request.Inputs[0].Tensor.Shape);
        Assert.Equal(json.Inputs[0].Tensor.ToArray<float>(), request.Inputs[0].Tensor.ToArray<float>());
    }

    [Fact]
    public void Binary_and_json_inputs_mix_and_bytes_elements_carry_their_length()
    {
        var signature = Signature(("a", OnnxElementType.Int64, ["N", 2]), ("s", OnnxElementType.Bytes, ["N"]), ("c", OnnxElementType.Bool, ["N"]));
        var strings = new List<byte>();
        foreach (var text in new[] { "héllo", string.Empty })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            strings.AddRange([.. length, .. bytes]);
        }

        var longs = MemoryMarshal.AsBytes(new long[] { 1, -2, 3, long.MaxValue }.AsSpan()).ToArray();
        var header = $"{{'inputs':[{{'name':'a','shape':[2,2],'datatype':'INT64','parameters':{{'binary_data_size':32}}}},{{'name':'c','shape':[2],'datatype':'BOOL','data':[true,false]}},{{'name':'s','shape':[2],'datatype':'BYTES','parameters':{{'binary_data_size':{strings.Count}}}}}]}}";

        var request = Read(Body(header, longs, [.. strings]), Json(header).Length, signature);

        Assert.Equal([1L, -2, 3, long.MaxValue], request.Inputs[0].Tensor.ToArray<long>());
        Assert.Equal([true, false], request.Inputs[1].Tensor.ToArray<bool>());
        Assert.Equal(["héllo", string.Empty], request.Inputs[2].Tensor.ToArray<string>());
    }

    [Theory]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','parameters':{'binary_data_size':12}}]}", 12, "binary_data_size is 12 bytes, but its shape and datatype FP32 take 4 elements of 4 bytes = 16 bytes")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','parameters':{'binary_data_size':16}}]}", 8, "binary_data_size is 16 bytes, but only 8 bytes of binary data are left after the JSON header")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','parameters':{'binary_data_size':16}}]}", 20, "the body has 20 bytes after the JSON header, but the inputs' binary_data_size add up to 16")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4],'parameters':{'binary_data_size':16}}]}", 16, "input 'x' has both \"data\" and binary_data_size")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','parameters':{'binary_data_size':-16}}]}", 16, "binary_data_size must be a non-negative integer of bytes, got -16")]
    public void Bad_binary_requests_are_refused_with_what_was_expected(string header, int binaryBytes, string message)
    {
        var body = Body(header, new byte[binaryBytes]);

        Assert.Contains(message, Invalid(() => Read(body, Json(header).Length, Iris)));
    }

    [Fact]
    public void A_header_length_past_the_body_or_cutting_the_json_is_refused()
    {
        var header = "{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','parameters':{'binary_data_size':16}}]}";
        var body = Body(header, Floats(1, 2, 3, 4));

        Assert.Contains("Inference-Header-Content-Length is 999, but the request body has", Invalid(() => Read(body, 999, Iris)));
        Assert.Contains("request body is not valid JSON", Invalid(() => Read(body, 10, Iris)));
    }

    [Fact]
    public void A_bool_byte_other_than_0_or_1_and_invalid_utf8_are_refused()
    {
        var signature = Signature(("c", OnnxElementType.Bool, ["N"]), ("s", OnnxElementType.Bytes, ["N"]));
        var header = "{'inputs':[{'name':'c','shape':[2],'datatype':'BOOL','parameters':{'binary_data_size':2}},{'name':'s','shape':[1],'datatype':'BYTES','data':['a']}]}";
        Assert.Contains("BOOL element 1 is the byte 7", Invalid(() => Read(Body(header, [1, 7]), Json(header).Length, signature)));

        var strings = "{'inputs':[{'name':'c','shape':[1],'datatype':'BOOL','data':[true]},{'name':'s','shape':[1],'datatype':'BYTES','parameters':{'binary_data_size':6}}]}";
        Assert.Contains("BYTES element 0 is not valid UTF-8", Invalid(() => Read(Body(strings, [2, 0, 0, 0, 0xC3, 0x28]), Json(strings).Length, signature)));
    }
}
