using System.Buffers;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Writes an Open Inference Protocol v2 inference response,
/// <c>{"model_name","model_version"?,"id","parameters"?,"outputs":[{"name","datatype","shape","data"}]}</c>,
/// straight into the output buffer. Only tensors have an OIP form: anything else is refused.
/// </summary>
public static class OipResponseWriter
{
    public static void Write(
        IBufferWriter<byte> output,
        string modelName,
        string? modelVersion,
        string id,
        IReadOnlyList<InferenceOutput> outputs,
        IReadOnlyDictionary<string, object>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(outputs);
        for (var i = 0; i < outputs.Count; i++)
        {
            TensorJson.CheckWritable(outputs[i]);
        }

        var writer = JsonWriters.Rent(output);
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, modelName);
        if (modelVersion is not null)
        {
            writer.WriteString("model_version"u8, modelVersion);
        }

        writer.WriteString("id"u8, id ?? "");
        if (parameters is { Count: > 0 })
        {
            writer.WritePropertyName("parameters"u8);
            WriteParameters(writer, parameters);
        }

        writer.WriteStartArray("outputs"u8);
        for (var i = 0; i < outputs.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, outputs[i].Name);
            TensorJson.WriteFields(writer, (OnnxTensor)outputs[i].Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        JsonWriters.Return(writer);
    }

    internal static void WriteParameters(Utf8JsonWriter writer, IReadOnlyDictionary<string, object> parameters)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in parameters)
        {
            switch (value)
            {
                case string s:
                    writer.WriteString(key, s);
                    break;
                case bool b:
                    writer.WriteBoolean(key, b);
                    break;
                case long l:
                    writer.WriteNumber(key, l);
                    break;
                case int n:
                    writer.WriteNumber(key, n);
                    break;
                case double d when double.IsFinite(d):
                    writer.WriteNumber(key, d);
                    break;
                case float f when float.IsFinite(f):
                    writer.WriteNumber(key, f);
                    break;
                case decimal m:
                    writer.WriteNumber(key, m);
                    break;
                case ulong u:
                    writer.WriteNumber(key, u);
                    break;
                default:
                    throw CrucibleException.Invalid($"response parameter '{key}' must be a string, a finite number or a bool, got {value?.GetType().Name ?? "null"}");
            }
        }

        writer.WriteEndObject();
    }
}
