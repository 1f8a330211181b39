using Crucible.Core.Serving;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Capture;

/// <summary>A queued prediction as the window profiles read it: its (already sampled) tensors, wrapped, not copied.</summary>
internal static class CapturedPredictions
{
    public static CapturedPrediction Of(in CaptureItem item, long[]?[]? inputShapes, long[]?[]? outputShapes)
    {
        var inputs = new CapturedTensor[item.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = Tensor(item.Inputs[i].Name, item.Inputs[i].Tensor, inputShapes?[i]);
        }

        return new CapturedPrediction(
            item.RequestId, item.Deployment, item.Model, item.Version, item.TimestampMs, inputs, item.Outputs is null ? null : Outputs(item.Outputs, outputShapes), item.Shadow);
    }

    /// <summary>The tensor outputs (a ZipMap's sequence of maps is left out, as the log leaves it out).</summary>
    private static CapturedTensor[] Outputs(IReadOnlyList<InferenceOutput> outputs, long[]?[]? shapes)
    {
        var count = 0;
        foreach (var output in outputs)
        {
            count += output.Value is OnnxTensor ? 1 : 0;
        }

        var tensors = new CapturedTensor[count];
        for (int i = 0, k = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Value is OnnxTensor tensor)
            {
                tensors[k++] = Tensor(outputs[i].Name, tensor, shapes?[i]);
            }
        }

        return tensors;
    }

    private static CapturedTensor Tensor(string name, OnnxTensor tensor, long[]? sampledFrom) =>
        new(name, tensor.Shape, OnnxTensorValues.Of(tensor), sampledFrom);
}
