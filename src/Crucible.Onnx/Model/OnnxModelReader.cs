using Crucible.Core.Errors;
using Crucible.Onnx.Proto;
using Google.Protobuf;

namespace Crucible.Onnx.Model;

/// <summary>
/// Reads an ONNX model's signature and inventory straight from its protobuf, without ONNX Runtime.
/// Anything that is not a well-formed model throws <see cref="CrucibleException"/> with
/// <see cref="ErrorCode.InvalidParameterValue"/> and a message starting "not an ONNX model".
/// </summary>
public static class OnnxModelReader
{
    /// <summary>Highest IR version accepted as plausible; random bytes that happen to parse rarely stay under it.</summary>
    private const long MaxPlausibleIrVersion = 100;

    public static OnnxModelInfo Read(ReadOnlySpan<byte> model) => OnnxModelDescriber.Describe(Parse(model));

    public static OnnxModelInfo Read(Stream model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var buffer = new MemoryStream();
        model.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Parses and validates the raw protobuf; shared with the rewriter and the tests.</summary>
    internal static ModelProto Parse(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty)
        {
            throw NotOnnx("the input is empty");
        }

        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw NotOnnx($"the bytes are not a valid protobuf message (truncated or corrupt file?): {ex.Message}", ex);
        }

        Validate(proto);
        return proto;
    }

    private static void Validate(ModelProto proto)
    {
        if (proto.IrVersion is <= 0 or > MaxPlausibleIrVersion)
        {
            throw NotOnnx($"ir_version is {proto.IrVersion}, expected a value between 1 and {MaxPlausibleIrVersion}");
        }

        if (proto.Graph is null)
        {
            throw NotOnnx("the model has no graph");
        }

        // IR version 3 introduced opset imports and made them mandatory; a cut-off file often loses them.
        if (proto.IrVersion >= 3 && proto.OpsetImport.Count == 0)
        {
            throw NotOnnx("the model imports no operator set (truncated file?)");
        }

        if (proto.Graph.Output.Count == 0)
        {
            throw NotOnnx("the graph declares no outputs");
        }
    }

    private static CrucibleException NotOnnx(string reason, Exception? inner = null) =>
        new(ErrorCode.InvalidParameterValue, "not an ONNX model: " + reason, inner);
}
