namespace Crucible.Optimization.Quantization;

/// <summary>The calibrated range of one activation, widened to contain 0 so that 0 is exactly representable.</summary>
public sealed record ActivationRange(float Min, float Max)
{
    /// <summary>Asymmetric uint8 parameters as ONNX's QuantizeLinear uses them: x ≈ (q - zero_point) * scale.</summary>
    public (float Scale, byte ZeroPoint) Uint8Parameters()
    {
        var low = Math.Min(0f, Min);
        var high = Math.Max(0f, Max);
        var scale = high > low ? (high - low) / 255f : 1f;
        var zero = (byte)Math.Clamp(MathF.Round(-low / scale), 0f, 255f);
        return (scale, zero);
    }
}
