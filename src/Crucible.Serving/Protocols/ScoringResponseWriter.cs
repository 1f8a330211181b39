using System.Buffers;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Writes MLflow's scoring response, <c>{"predictions": ...}</c>: with one output, a list with one value per row
/// (a scalar for an <c>[N]</c> output, else nested lists by the remaining dimensions); with several,
/// <c>{"predictions": {"output": [per row...], ...}}</c>.
/// </summary>
public static class ScoringResponseWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<InferenceOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outputs);
        for (var i = 0; i < outputs.Count; i++)
        {
            TensorJson.CheckWritable(outputs[i]);
        }

        var writer = JsonWriters.Rent(output);
        writer.WriteStartObject();
        writer.WritePropertyName("predictions"u8);
        if (outputs.Count == 1)
        {
            TensorJson.WriteRows(writer, (OnnxTensor)outputs[0].Value);
        }
        else
        {
            writer.WriteStartObject();
            for (var i = 0; i < outputs.Count; i++)
            {
                writer.WritePropertyName(outputs[i].Name);
                TensorJson.WriteRows(writer, (OnnxTensor)outputs[i].Value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        JsonWriters.Return(writer);
    }
}
