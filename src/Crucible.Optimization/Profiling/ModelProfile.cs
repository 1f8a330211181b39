namespace Crucible.Optimization.Profiling;

/// <summary>
/// One measured cell (a batch size and an intra-op thread count): the median and 99th percentile latency of one Run
/// (the whole batch) and the rows per second, one Run at a time.
/// </summary>
public sealed record ProfileCell(int BatchSize, int Threads, int Runs, double P50Milliseconds, double P99Milliseconds, double RowsPerSecond);

/// <summary>
/// A model measured on this machine; its peak memory is the resident memory added by loading and running it (on
/// Linux: VmHWM over the RSS before loading, after resetting the peak).
/// </summary>
public sealed record ModelProfile(
    string Name,
    long SizeBytes,
    double LoadMilliseconds,
    long PeakMemoryBytes,
    string ExecutionProvider,
    IReadOnlyList<string> AvailableProviders,
    IReadOnlyList<ProfileCell> Cells);
