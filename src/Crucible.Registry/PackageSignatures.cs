using Crucible.Contracts.Mlflow;
using Crucible.Onnx.Model;

namespace Crucible.Registry;

/// <summary>A package description straight from an ONNX graph, so the signature cannot disagree with the model.</summary>
internal static class PackageSignatures
{
    public static PackageDescriptionDto Describe(OnnxModelInfo info, string modelFile, string? modelUuid, string? runId) => new(
        modelFile,
        info.ProducerName,
        info.ProducerVersion,
        info.IrVersion,
        info.OpsetImports.GroupBy(o => o.Domain).ToDictionary(g => g.Key, g => g.Max(o => o.Version)),
        info.Inputs.Select(Tensor).ToList(),
        info.Outputs.Select(Tensor).ToList(),
        modelUuid,
        runId);

    public static TensorSignatureDto Tensor(OnnxValueInfo value)
    {
        var type = value.Type;
        var isTensor = type.Kind == OnnxValueKind.Tensor;
        return new TensorSignatureDto(
            value.Name,
            type.ToString(),
            isTensor ? type.ElementType.ToOipDatatype() : null,
            isTensor ? type.ShapeWithMinusOne : null,
            isTensor ? type.Shape?.Select(d => d.Symbol).ToList() : null);
    }

    /// <summary>MLflow's tensor-spec dtype (a numpy name) for an ONNX element type, or null when numpy has none (bfloat16).</summary>
    public static string? NumpyDtype(OnnxElementType type) => type switch
    {
        OnnxElementType.Fp32 => "float32",
        OnnxElementType.Fp64 => "float64",
        OnnxElementType.Fp16 => "float16",
        OnnxElementType.Bytes => "object",
        OnnxElementType.Bool => "bool",
        OnnxElementType.Int8 or OnnxElementType.Int16 or OnnxElementType.Int32 or OnnxElementType.Int64
            or OnnxElementType.Uint8 or OnnxElementType.Uint16 or OnnxElementType.Uint32 or OnnxElementType.Uint64 => type.ToOnnxName(),
        _ => null,
    };
}
