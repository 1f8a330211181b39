using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Crucible.Core.Serving;
using Crucible.Onnx;
using Crucible.Serving.Inference;
using Crucible.Serving.Protocols;

namespace Crucible.Serving.Capture;

/// <summary>
/// Turns captured tensors into <see cref="PredictionRecord"/>s: inputs and outputs as JSON objects
/// <c>{"name":{"datatype","shape","data"}}</c> written by <see cref="TensorJson"/>. Outputs that are not tensors
/// (ZipMap's sequence of maps) are left out. One instance reuses its buffer; it is not thread-safe.
/// </summary>
internal sealed class CaptureRecords
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    /// <summary>The log is read by Crucible, never embedded in HTML: non-ASCII text stays as it is, which is also shorter.</summary>
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public CaptureRecords() => _writer = new Utf8JsonWriter(_buffer, Options);

    public PredictionRecord ToRecord(in CaptureItem item) => new(
        item.RequestId,
        item.Deployment,
        item.Model,
        item.Version,
        item.TimestampMs,
        Inputs(item.Inputs),
        item.Outputs is null ? null : Outputs(item.Outputs),
        item.LatencyMs,
        item.Shadow,
        item.Error);

    private string Inputs(IReadOnlyList<InferenceInput> inputs)
    {
        Begin();
        foreach (var input in inputs)
        {
            Write(input.Name, input.Tensor);
        }

        return End();
    }

    private string Outputs(IReadOnlyList<InferenceOutput> outputs)
    {
        Begin();
        foreach (var output in outputs)
        {
            if (output.Value is OnnxTensor tensor)
            {
                Write(output.Name, tensor);
            }
        }

        return End();
    }

    private void Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
    }

    private void Write(string name, OnnxTensor tensor)
    {
        _writer.WriteStartObject(name);
        TensorJson.WriteFields(_writer, tensor);
        _writer.WriteEndObject();
    }

    private string End()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
