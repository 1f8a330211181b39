using Crucible.Core.Errors;
using Crucible.Onnx.Model;

namespace Crucible.Onnx.Tests.Model;

public sealed class OnnxModelReaderTests
{
    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Read_fixture_matches_the_declared_signature(string name)
    {
        var expected = Fixtures.For(name);
        var info = OnnxModelReader.Read(Fixtures.Bytes(name));

        Assert.Equal(Describe(expected.GetProperty("inputs")), info.Inputs.Select(i => $"{i.Name}: {i.Type}"));
        Assert.Equal(Describe(expected.GetProperty("outputs")), info.Outputs.Select(i => $"{i.Name}: {i.Type}"));
        Assert.Equal(expected.GetProperty("producer").GetString(), info.ProducerName);
        Assert.Equal(expected.GetProperty("producer_version").GetString(), info.ProducerVersion);
        Assert.Equal(expected.GetProperty("ir_version").GetInt64(), info.IrVersion);
        Assert.Equal(expected.GetProperty("model_version").GetInt64(), info.ModelVersion);
        Assert.Equal($"Crucible test fixture: {name}", info.DocString);
        Assert.Equal(
            expected.GetProperty("opsets").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()),
            info.OpsetImports.ToDictionary(o => o.Domain, o => o.Version));
        Assert.Equal(
            expected.GetProperty("operators").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()),
            info.OperatorHistogram);
        Assert.Equal(expected.GetProperty("initializers").GetInt32(), info.InitializerCount);
        Assert.Equal(expected.GetProperty("initializer_bytes").GetInt64(), info.InitializerBytes);
        Assert.Equal(
            expected.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            info.MetadataProps);
        var files = expected.GetProperty("external_files").EnumerateArray().Select(f => f.GetString()).ToArray();
        Assert.Equal(files.Length == 0 ? 0 : info.InitializerCount, info.ExternalData.Count);
        Assert.All(info.ExternalData, e => Assert.Equal(files[0], e.Location));
    }

    [Fact]
    public void Read_external_data_references_point_into_the_side_file()
    {
        var info = OnnxModelReader.Read(Fixtures.Bytes("mlp_external"));
        var fileLength = new FileInfo(Path.Combine(Fixtures.Folder, "mlp_external.weights")).Length;

        Assert.Equal(["w1", "b1", "w2", "b2"], info.ExternalData.Select(e => e.TensorName));
        Assert.All(info.ExternalData, e => Assert.True(e.Offset + e.Length <= fileLength, $"{e.TensorName} ends past the file"));
        Assert.Equal((32 * 64 + 64 + 64 * 3 + 3) * 4, info.InitializerBytes);
    }

    [Fact]
    public void Read_mlp_keeps_the_symbolic_batch_dimension()
    {
        var input = OnnxModelReader.Read(Fixtures.Bytes("mlp")).Inputs.Single();

        Assert.Equal(OnnxElementType.Fp32, input.Type.ElementType);
        Assert.Equal([new OnnxDimension(null, "batch"), new OnnxDimension(32, null)], input.Type.Shape);
        Assert.Equal([-1L, 32L], input.Type.ShapeWithMinusOne!);
        Assert.Equal("FP32", input.Type.ElementType.ToOipDatatype());
        Assert.Equal(OnnxModelReader.Read(Fixtures.Bytes("mlp")).OpsetVersion("ai.onnx"), 13);
    }

    [Fact]
    public void Read_zipmap_output_is_a_sequence_of_maps()
    {
        var output = OnnxModelReader.Read(Fixtures.Bytes("linear_classifier")).Outputs[1];

        Assert.Equal("seq(map(int64, float))", output.Type.ToString());
        Assert.Equal(OnnxValueKind.Sequence, output.Type.Kind);
        Assert.Equal(OnnxValueKind.Map, output.Type.Inner!.Kind);
        Assert.Equal(OnnxElementType.Int64, output.Type.Inner.ElementType);
    }

    [Fact]
    public void Read_unnamed_dimensions_are_unknown()
    {
        var input = OnnxModelReader.Read(Fixtures.Bytes("tree_classifier")).Inputs.Single();

        Assert.Equal(OnnxDimension.Unknown, input.Type.Shape![0]);
        Assert.Equal(-1, input.Type.Shape[0].SizeOrMinusOne);
    }

    [Fact]
    public void Read_stream_equals_read_span()
    {
        using var stream = new MemoryStream(Fixtures.Bytes("tree_regressor"));
        var fromStream = OnnxModelReader.Read(stream);
        var fromSpan = OnnxModelReader.Read(Fixtures.Bytes("tree_regressor"));

        Assert.Equal(fromSpan.Inputs, fromStream.Inputs);
        Assert.Equal(fromSpan.Outputs, fromStream.Outputs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Read_random_bytes_is_rejected_clearly(int seed)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);

        var ex = Assert.Throws<CrucibleException>(() => OnnxModelReader.Read(bytes));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.StartsWith("not an ONNX model: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("tree_classifier")]
    [InlineData("linear_classifier")]
    public void Read_truncated_model_is_rejected_clearly(string name)
    {
        var bytes = Fixtures.Bytes(name);

        foreach (var length in new[] { 1, bytes.Length / 3, bytes.Length / 2, bytes.Length - 1 })
        {
            var ex = Assert.Throws<CrucibleException>(() => OnnxModelReader.Read(bytes.AsSpan(0, length)));
            Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
            Assert.StartsWith("not an ONNX model: ", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_text_file_and_empty_input_are_rejected()
    {
        Assert.Throws<CrucibleException>(() => OnnxModelReader.Read("name,value\na,1\n"u8));
        var empty = Assert.Throws<CrucibleException>(() => OnnxModelReader.Read(ReadOnlySpan<byte>.Empty));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Describe(System.Text.Json.JsonElement values) =>
        values.EnumerateArray().Select(v => $"{v.GetProperty("name").GetString()}: {v.GetProperty("type").GetString()}");
}
