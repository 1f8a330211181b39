using Crucible.Onnx.Model;

namespace Crucible.Onnx.Values;

/// <summary>An ONNX map value: a keys tensor (int64 or string) and a values tensor of the same length.</summary>
public sealed class OnnxMap : OnnxValue
{
    public OnnxMap(OnnxTensor keys, OnnxTensor values)
    {
        if (keys.Length != values.Length)
        {
            throw new ArgumentException($"a map needs as many keys ({keys.Length}) as values ({values.Length})", nameof(values));
        }

        Keys = keys;
        Values = values;
    }

    public override OnnxValueKind Kind => OnnxValueKind.Map;

    public OnnxTensor Keys { get; }

    public OnnxTensor Values { get; }

    public IReadOnlyDictionary<TKey, TValue> ToDictionary<TKey, TValue>()
        where TKey : notnull
    {
        var keys = Keys.AsSpan<TKey>();
        var values = Values.AsSpan<TValue>();
        var result = new Dictionary<TKey, TValue>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            result[keys[i]] = values[i];
        }

        return result;
    }
}
