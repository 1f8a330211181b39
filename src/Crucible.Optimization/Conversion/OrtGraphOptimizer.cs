using Crucible.Onnx.Runtime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Optimization.Conversion;

/// <summary>
/// ONNX Runtime's offline graph optimization: a session is created with <c>SessionOptions.OptimizedModelFilePath</c>
/// set, and ONNX Runtime writes the graph after its rewrites (constant folding, redundant node elimination, and at
/// the extended level fusions such as MatMul+Add into Gemm or into com.microsoft contrib operators). The result runs
/// only on ONNX Runtime (contrib operators) and is tied to the execution provider it was made for (CPU here).
/// </summary>
internal static class OrtGraphOptimizer
{
    public const string Transform = "graph";

    public static byte[] Optimize(byte[] model, OnnxGraphOptimizationLevel level)
    {
        var folder = Directory.CreateTempSubdirectory("crucible-ort-opt-");
        try
        {
            var output = Path.Combine(folder.FullName, "optimized.onnx");
            _ = OrtEnvironment.Instance;
            using (var options = new Ort.SessionOptions())
            {
                options.GraphOptimizationLevel = level switch
                {
                    OnnxGraphOptimizationLevel.Disabled => Ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
                    OnnxGraphOptimizationLevel.Basic => Ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
                    OnnxGraphOptimizationLevel.Extended => Ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                    _ => Ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
                };
                options.OptimizedModelFilePath = output;
                options.LogSeverityLevel = Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
                OnnxSession.Guard(() =>
                {
                    using var session = new Ort.InferenceSession(model, options);
                    return 0;
                });
            }

            return File.ReadAllBytes(output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
