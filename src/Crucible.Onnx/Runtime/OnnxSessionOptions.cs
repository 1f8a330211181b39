namespace Crucible.Onnx.Runtime;

/// <summary>ONNX Runtime graph optimization levels.</summary>
public enum OnnxGraphOptimizationLevel
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

/// <summary>
/// How an <see cref="OnnxSession"/> is created. The defaults (one intra-op and one inter-op thread, all graph
/// optimizations) suit a server that gets its throughput from concurrent requests and batching, not from threads
/// inside one call (see shared/reference/onnxruntime-c-api.md for the measurements).
/// </summary>
public sealed record OnnxSessionOptions
{
    public static OnnxSessionOptions Default { get; } = new();

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime pick (one per core).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Threads used across independent operators; only used by parallel execution.</summary>
    public int InterOpThreads { get; init; } = 1;

    public OnnxGraphOptimizationLevel OptimizationLevel { get; init; } = OnnxGraphOptimizationLevel.All;

    /// <summary>Extra session config entries (for example "session.intra_op.allow_spinning" = "0").</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();
}
