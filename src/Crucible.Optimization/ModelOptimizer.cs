using System.Globalization;
using Crucible.Core.Errors;
using Crucible.Onnx.Runtime;
using Crucible.Optimization.Conversion;
using Crucible.Optimization.Graph;
using Crucible.Optimization.Quantization;

namespace Crucible.Optimization;

/// <summary>
/// Makes an optimized variant of an ONNX model (<see cref="OptimizationTransform"/>). Every variant is checked before
/// it is returned: the project's graph rules (<see cref="OnnxGraphChecker"/>) and a load in ONNX Runtime. A model a
/// transform cannot convert is refused with <see cref="CrucibleException"/> (InvalidParameterValue) naming the
/// operator that blocks it.
/// </summary>
public static class ModelOptimizer
{
    public static OptimizedModel Optimize(byte[] model, OptimizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var (bytes, notes) = request.Transform switch
        {
            OptimizationTransform.Graph => (OrtGraphOptimizer.Optimize(model, request.GraphLevel), (IReadOnlyList<string>)[]),
            OptimizationTransform.Fp16 => Fp16(model),
            OptimizationTransform.Int8Dynamic => Int8(model, new DynamicActivationQuantizer(), request),
            _ => Int8Static(model, request),
        };
        Verify(bytes, request.Transform);
        return new OptimizedModel(bytes, request.Transform, request.Settings(), notes);
    }

    /// <summary>The project's graph rules, then a load in ONNX Runtime; a variant that fails either is a bug, reported as such.</summary>
    public static void Verify(byte[] variant, OptimizationTransform transform)
    {
        ArgumentNullException.ThrowIfNull(variant);
        try
        {
            OnnxGraphChecker.Check(variant);
            using var session = new OnnxSession(variant);
        }
        catch (Exception ex) when (ex is CrucibleException or OnnxRuntimeException)
        {
            throw new CrucibleException(ErrorCode.InternalError, $"the {transform.Name()} variant failed verification: {ex.Message}", ex);
        }
    }

    private static (byte[], IReadOnlyList<string>) Fp16(byte[] model)
    {
        var editor = GraphEditor.Open(model);
        var report = Fp16Converter.Convert(editor);
        var notes = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{report.Initializers} initializers stored as FP16") };
        if (report.ClampedValues > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{report.ClampedValues} values clamped to ±65504"));
        }

        return (editor.ToBytes(), notes);
    }

    private static (byte[], IReadOnlyList<string>) Int8(byte[] model, ActivationQuantizer activations, OptimizationRequest request)
    {
        var editor = GraphEditor.Open(model);
        var report = new Int8Rewriter(editor, activations, request.Transform.Name(), request.PerChannel).Rewrite();
        return (editor.ToBytes(), Notes(report));
    }

    private static (byte[], IReadOnlyList<string>) Int8Static(byte[] model, OptimizationRequest request)
    {
        if (request.CalibrationBatches is null)
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, "int8-static needs a calibration dataset");
        }

        if (request.Calibration == CalibrationMethod.Percentile && request.Percentile is <= 50 or > 100)
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"percentile must be in (50, 100]; got {request.Percentile.ToString(CultureInfo.InvariantCulture)}");
        }

        var editor = GraphEditor.Open(model);
        OperatorSupport.RequireRewritable(editor.Graph, request.Transform.Name());
        var activations = editor.Graph.Node
            .Where(n => n.OpType is "MatMul" or "Gemm" or "Conv" && n.Input.Count > 1 && editor.Constant(n.Input[1]) is not null)
            .Select(n => n.Input[0])
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var ranges = Calibrator.Calibrate(editor.Model, activations, request.CalibrationBatches, request.Calibration, request.Percentile);
        var report = new Int8Rewriter(editor, new StaticActivationQuantizer(ranges), request.Transform.Name(), request.PerChannel).Rewrite();
        return (editor.ToBytes(), [.. Notes(report), string.Create(CultureInfo.InvariantCulture, $"{ranges.Count} activations calibrated")]);
    }

    private static IReadOnlyList<string> Notes(Int8RewriteReport report) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"{report.Rewritten.Count} nodes quantized: {string.Join(", ", report.Rewritten)}"),
        .. report.Skipped.Select(s => "left in float: " + s),
    ];
}
