using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;

namespace Crucible.Onnx.Tests.Model;

public sealed class OnnxModelOutlineTests
{
    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void The_outline_of_every_fixture_describes_it_as_the_full_reader_does(string name)
    {
        var full = OnnxModelReader.Read(Fixtures.Bytes(name));

        var outline = OnnxModelOutline.Read(Fixtures.Path(name));

        Assert.Equal(full.Inputs, outline.Inputs);
        Assert.Equal(full.Outputs, outline.Outputs);
        Assert.Equal(full.OpsetImports, outline.OpsetImports);
        Assert.Equal(full.OperatorHistogram, outline.OperatorHistogram);
        Assert.Equal(full.MetadataProps, outline.MetadataProps);
        Assert.Equal(full.ExternalData, outline.ExternalData);
        Assert.Equal((full.IrVersion, full.ProducerName, full.DocString), (outline.IrVersion, outline.ProducerName, outline.DocString));
        Assert.Equal((full.InitializerCount, full.InitializerBytes), (outline.InitializerCount, outline.InitializerBytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public void A_cut_off_model_is_not_an_onnx_model(int keep)
    {
        var bytes = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "N", 4)
            .Output("y", OnnxElementType.Fp32, "N", 4)
            .Initializer("w", new float[64], 64)
            .Node("Identity", ["x"], ["y"])
            .ToBytes();
        var path = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes[..Math.Min(keep, bytes.Length)]);

            var e = Assert.Throws<CrucibleException>(() => OnnxModelOutline.Read(path));

            Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
            Assert.StartsWith("not an ONNX model", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
