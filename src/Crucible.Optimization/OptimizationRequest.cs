using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Optimization.Quantization;

namespace Crucible.Optimization;

/// <summary>What to make of a model (configuration apart from compute).</summary>
public sealed record OptimizationRequest(OptimizationTransform Transform)
{
    /// <summary>ONNX Runtime's level for <see cref="OptimizationTransform.Graph"/>; extended fusions are CPU-portable.</summary>
    public OnnxGraphOptimizationLevel GraphLevel { get; init; } = OnnxGraphOptimizationLevel.Extended;

    /// <summary>One weight scale per output channel instead of per tensor (ONNX Runtime's quantizer defaults to per tensor too).</summary>
    public bool PerChannel { get; init; }

    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.MinMax;

    /// <summary>The upper percentile for <see cref="CalibrationMethod.Percentile"/> (the lower one is 100 - this).</summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>Batches of named inputs for static quantization's calibration.</summary>
    public IEnumerable<IReadOnlyList<KeyValuePair<string, OnnxTensor>>>? CalibrationBatches { get; init; }

    private string Weights => PerChannel ? "8-bit symmetric per-channel" : "8-bit symmetric per-tensor";

    /// <summary>The settings recorded with the variant (tags and lineage), as text.</summary>
    public IReadOnlyDictionary<string, string> Settings() => Transform switch
    {
        OptimizationTransform.Graph => new Dictionary<string, string> { ["level"] = GraphLevel.ToString().ToLowerInvariant() },
        OptimizationTransform.Int8Dynamic => new Dictionary<string, string> { ["weights"] = Weights, ["activations"] = "uint8 dynamic" },
        OptimizationTransform.Int8Static => new Dictionary<string, string>
        {
            ["weights"] = Weights,
            ["activations"] = "uint8 static",
            ["calibration"] = Calibration == CalibrationMethod.MinMax ? "minmax" : "percentile",
            ["percentile"] = Calibration == CalibrationMethod.MinMax ? string.Empty : Percentile.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => p.Value.Length > 0).ToDictionary(),
        _ => new Dictionary<string, string> { ["weights"] = "fp16", ["compute"] = "fp32" },
    };
}

/// <summary>A variant's bytes, what made it, and what the rewrite did (nodes quantized, nodes left in float...).</summary>
public sealed record OptimizedModel(byte[] Bytes, OptimizationTransform Transform, IReadOnlyDictionary<string, string> Settings, IReadOnlyList<string> Notes);
