using Crucible.Onnx.Model;

namespace Crucible.Onnx.Values;

/// <summary>An ONNX sequence output, such as ZipMap's list of per-row maps.</summary>
public sealed class OnnxSequence : OnnxValue
{
    public OnnxSequence(IReadOnlyList<OnnxValue> items) => Items = items;

    public override OnnxValueKind Kind => OnnxValueKind.Sequence;

    public IReadOnlyList<OnnxValue> Items { get; }

    /// <summary>Reads a sequence of maps (ZipMap output: one class → probability map per row).</summary>
    public IReadOnlyList<IReadOnlyDictionary<TKey, TValue>> ToDictionaries<TKey, TValue>()
        where TKey : notnull =>
        Items.Select(i => i.AsMap().ToDictionary<TKey, TValue>()).ToArray();
}
