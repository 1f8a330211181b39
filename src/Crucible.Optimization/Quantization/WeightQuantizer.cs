namespace Crucible.Optimization.Quantization;

/// <summary>
/// Symmetric weight quantization, per tensor or per output channel: scale = max|w| / 127 and each weight becomes
/// round(w / scale) + 128 as uint8 (zero point 128), so 0 stays exact. A channel of zeros keeps scale 1.
/// <para>
/// Unsigned weights (the "U8U8" form) on purpose: ONNX Runtime's x86 kernels for uint8 activations x int8 weights
/// use 16-bit pair sums that saturate on CPUs without VNNI (this machine's AVX2 among them) and lose whole outputs;
/// the uint8 x uint8 kernels widen first and are exact. ConvInteger on the CPU takes only uint8 weights anyway.
/// </para>
/// </summary>
internal static class WeightQuantizer
{
    public const byte ZeroPoint = 128;

    /// <summary>Quantizes <paramref name="weights"/>; <paramref name="channelOf"/> maps an element index to its channel.</summary>
    public static (byte[] Values, float[] Scales) Quantize(float[] weights, int channels, Func<int, int> channelOf)
    {
        var max = new float[channels];
        for (var i = 0; i < weights.Length; i++)
        {
            var c = channelOf(i);
            max[c] = Math.Max(max[c], Math.Abs(weights[i]));
        }

        var scales = Array.ConvertAll(max, m => m > 0 ? m / 127f : 1f);
        var values = new byte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            values[i] = (byte)(Math.Clamp(MathF.Round(weights[i] / scales[channelOf(i)]), -127f, 127f) + ZeroPoint);
        }

        return (values, scales);
    }

    /// <summary>Transposes a row-major [rows, columns] matrix.</summary>
    public static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = matrix[(r * columns) + c];
            }
        }

        return result;
    }
}
