using Crucible.Onnx.Proto;
using Google.Protobuf;
using Google.Protobuf.Collections;
using AttributeType = Crucible.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace Crucible.Onnx.Writing;

/// <summary>Fluent setter for a node's attributes, handed out by <see cref="OnnxModelBuilder.Node"/>.</summary>
public sealed class OnnxAttributes
{
    private readonly RepeatedField<AttributeProto> _attributes;

    internal OnnxAttributes(RepeatedField<AttributeProto> attributes) => _attributes = attributes;

    public OnnxAttributes Float(string name, float value) => Add(new AttributeProto { Name = name, Type = AttributeType.Float, F = value });

    public OnnxAttributes Int(string name, long value) => Add(new AttributeProto { Name = name, Type = AttributeType.Int, I = value });

    public OnnxAttributes String(string name, string value) =>
        Add(new AttributeProto { Name = name, Type = AttributeType.String, S = ByteString.CopyFromUtf8(value) });

    public OnnxAttributes Floats(string name, IEnumerable<float> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeType.Floats };
        a.Floats.AddRange(values);
        return Add(a);
    }

    public OnnxAttributes Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeType.Ints };
        a.Ints.AddRange(values);
        return Add(a);
    }

    public OnnxAttributes Strings(string name, IEnumerable<string> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return Add(a);
    }

    private OnnxAttributes Add(AttributeProto attribute)
    {
        _attributes.Add(attribute);
        return this;
    }
}
