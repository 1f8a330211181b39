namespace Crucible.Core.Serving;

/// <summary>
/// Bounds shared by the capture path that writes the prediction log (Crucible.Serving) and the profiles that read it
/// (Crucible.Monitoring), so a record costs the same to write and to profile whatever the model's shape.
/// </summary>
public static class CaptureLimits
{
    /// <summary>
    /// Elements per row (one row of a tensor of shape [N, ...]) logged and profiled at most. A wider row is sampled
    /// with the stride <see cref="Stride"/>: its flat elements 0, s, 2s, ...
    /// </summary>
    public const int MaxElementsPerRow = 1_024;

    /// <summary>The stride that samples a row of <paramref name="width"/> elements down to at most <see cref="MaxElementsPerRow"/> (1: whole).</summary>
    public static long Stride(long width) => width <= MaxElementsPerRow ? 1 : (width + MaxElementsPerRow - 1) / MaxElementsPerRow;

    /// <summary>Elements a row of <paramref name="width"/> keeps with stride <paramref name="stride"/>: ⌈width / stride⌉.</summary>
    public static long SampledWidth(long width, long stride) => stride <= 1 ? width : (width + stride - 1) / stride;
}
