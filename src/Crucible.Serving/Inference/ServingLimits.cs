namespace Crucible.Serving.Inference;

/// <summary>
/// Bounds on what one inference request may carry. A request over any of them is refused with a 400 that names the
/// limit, before anything large is allocated.
/// </summary>
public sealed record ServingLimits
{
    public static ServingLimits Default { get; } = new();

    /// <summary>Largest request body (JSON or CSV).</summary>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Most elements across all input tensors of one request.</summary>
    public long MaxElements { get; init; } = 4_000_000;

    /// <summary>Most rows (first dimension) in one request.</summary>
    public long MaxBatchRows { get; init; } = 65_536;

    /// <summary>Longest single BYTES element, in UTF-8 bytes.</summary>
    public int MaxStringBytes { get; init; } = 64 * 1024;

    /// <summary>Most input tensors (or dataframe columns) in one request.</summary>
    public int MaxInputs { get; init; } = 1024;

    /// <summary>Deepest nesting of tensor data arrays.</summary>
    public int MaxRank { get; init; } = 16;
}
