using Crucible.Contracts.Mlflow;
using Crucible.Onnx.Model;

namespace Crucible.Registry;

/// <summary>The native API's summary of an ONNX file (<see cref="OnnxSummaryDto"/>) from what its outline says.</summary>
public static class OnnxSummaries
{
    public static OnnxSummaryDto Describe(OnnxModelInfo info, string runId, string path, long size)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new OnnxSummaryDto(
            runId,
            path,
            size,
            info.IrVersion,
            info.ProducerName,
            info.ProducerVersion,
            info.GraphName,
            info.OpsetImports.GroupBy(o => o.Domain).ToDictionary(g => g.Key, g => g.Max(o => o.Version)),
            info.Inputs.Select(PackageSignatures.Tensor).ToList(),
            info.Outputs.Select(PackageSignatures.Tensor).ToList(),
            info.OperatorHistogram.Values.Sum(),
            info.OperatorHistogram,
            info.InitializerCount,
            info.InitializerBytes,
            info.MetadataProps.Count == 0 ? null : info.MetadataProps);
    }
}
