using System.Globalization;

namespace Crucible.Onnx.Model;

/// <summary>
/// One dimension of a tensor shape: a fixed size (<see cref="Value"/>), a symbolic name such as "batch"
/// (<see cref="Symbol"/>), or unknown (neither). Converts implicitly from <see cref="long"/> and <see cref="string"/>
/// so shapes can be written as <c>("batch", 32)</c>.
/// </summary>
public readonly record struct OnnxDimension(long? Value, string? Symbol)
{
    /// <summary>A dimension with no size and no name.</summary>
    public static OnnxDimension Unknown => default;

    /// <summary>True when the size is fixed.</summary>
    public bool IsFixed => Value.HasValue;

    /// <summary>The size, or -1 when it is symbolic or unknown (ONNX Runtime's convention).</summary>
    public long SizeOrMinusOne => Value ?? -1;

    public static implicit operator OnnxDimension(long value) => new(value, null);

    public static implicit operator OnnxDimension(string symbol) => new(null, symbol);

    public static OnnxDimension FromInt64(long value) => new(value, null);

    public static OnnxDimension FromString(string symbol) => new(null, symbol);

    /// <summary>The size, the symbol, or "?" when unknown.</summary>
    public override string ToString() =>
        Value is { } v ? v.ToString(CultureInfo.InvariantCulture) : Symbol ?? "?";
}
