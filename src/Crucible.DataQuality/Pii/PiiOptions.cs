using Crucible.Tabular;

namespace Crucible.DataQuality.Pii;

/// <summary>Settings for <see cref="PiiScanner"/>.</summary>
public sealed record PiiOptions
{
    /// <summary>Default share of non-missing cells that must match for a column to be called PII.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>A column is PII when matched / non-null is at least this; in (0, 1].</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    public TabularOptions Reader { get; init; } = new();

    /// <summary>Called with the bytes read so far and the file size, now and then.</summary>
    public Action<long, long?>? Progress { get; init; }
}
