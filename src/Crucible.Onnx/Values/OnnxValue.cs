using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;

namespace Crucible.Onnx.Values;

/// <summary>
/// A value passed to or returned from <see cref="OnnxSession.Run(IEnumerable{KeyValuePair{string, OnnxTensor}}, IReadOnlyList{string}?)"/>:
/// a <see cref="OnnxTensor"/>, an <see cref="OnnxSequence"/> or an <see cref="OnnxMap"/>.
/// </summary>
public abstract class OnnxValue
{
    private protected OnnxValue()
    {
    }

    public abstract OnnxValueKind Kind { get; }

    public OnnxTensor AsTensor() => this as OnnxTensor ?? throw WrongKind(OnnxValueKind.Tensor);

    public OnnxSequence AsSequence() => this as OnnxSequence ?? throw WrongKind(OnnxValueKind.Sequence);

    public OnnxMap AsMap() => this as OnnxMap ?? throw WrongKind(OnnxValueKind.Map);

    private InvalidCastException WrongKind(OnnxValueKind wanted) => new($"the value is a {Kind}, not a {wanted}");
}
