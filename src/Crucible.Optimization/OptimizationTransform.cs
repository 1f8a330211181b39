namespace Crucible.Optimization;

/// <summary>The ways <see cref="ModelOptimizer"/> can turn a model into a variant.</summary>
public enum OptimizationTransform
{
    /// <summary>ONNX Runtime's offline optimized graph (same numbers, fewer or fused nodes).</summary>
    Graph,

    /// <summary>Float initializers stored as FP16, cast back to float for compute.</summary>
    Fp16,

    /// <summary>MatMul/Gemm/Conv weights as int8, activations quantized per batch at run time.</summary>
    Int8Dynamic,

    /// <summary>MatMul/Gemm/Conv weights as int8, activation scales calibrated on a dataset.</summary>
    Int8Static,
}

/// <summary>The transforms' names on the command line, in the API and in the registry (tags, lineage).</summary>
public static class OptimizationTransforms
{
    public static IReadOnlyList<OptimizationTransform> All { get; } = Enum.GetValues<OptimizationTransform>();

    public static string Name(this OptimizationTransform transform) => transform switch
    {
        OptimizationTransform.Graph => "graph",
        OptimizationTransform.Fp16 => "fp16",
        OptimizationTransform.Int8Dynamic => "int8-dynamic",
        _ => "int8-static",
    };

    public static bool TryParse(string? name, out OptimizationTransform transform)
    {
        foreach (var t in All)
        {
            if (string.Equals(t.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                transform = t;
                return true;
            }
        }

        transform = default;
        return false;
    }
}
