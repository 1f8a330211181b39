namespace Crucible.Onnx.Model;

/// <summary>A named graph input or output and its type.</summary>
public sealed record OnnxValueInfo(string Name, OnnxValueType Type, string DocString = "")
{
    public override string ToString() => $"{Name}: {Type}";
}
