using Crucible.Onnx.Model;

namespace Crucible.Serving.Protocols;

/// <summary>What the element readers need for conversions and error messages: whose data, which type, which limit.</summary>
internal readonly record struct ElementContext(string Input, OnnxElementType Type, int MaxStringBytes)
{
    public string Datatype => Type.ToOipDatatype();
}
