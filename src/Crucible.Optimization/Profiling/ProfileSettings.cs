namespace Crucible.Optimization.Profiling;

/// <summary>What <see cref="ModelProfiler"/> measures: the grid of batch sizes and intra-op threads, and how long per cell.</summary>
public sealed record ProfileSettings
{
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 8, 64];

    public IReadOnlyList<int> IntraOpThreads { get; init; } = [1, 2];

    /// <summary>Timed runs per cell (after <see cref="WarmupRuns"/>), unless <see cref="MaxSecondsPerCell"/> ends it first.</summary>
    public int Runs { get; init; } = 200;

    public int WarmupRuns { get; init; } = 10;

    public double MaxSecondsPerCell { get; init; } = 2;

    /// <summary>ONNX Runtime execution provider to run on; only providers present on the machine are accepted.</summary>
    public string ExecutionProvider { get; init; } = ModelProfiler.CpuProvider;
}
