using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Crucible.Core.Serving;
using Crucible.Onnx.Values;
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

    /// <summary>
    /// The record of <paramref name="item"/>; a tensor with an original shape in <paramref name="inputShapes"/> /
    /// <paramref name="outputShapes"/> (same positions) is a row sample and is written with <c>"sampled_from"</c>
    /// (the original shape) and <c>"sample_stride"</c>.
    /// </summary>
    public PredictionRecord ToRecord(in CaptureItem item, long[]?[]? inputShapes = null, long[]?[]? outputShapes = null) => new(
        item.RequestId,
        item.Deployment,
        item.Model,
        item.Version,
        item.TimestampMs,
        Inputs(item.Inputs, inputShapes),
        item.Outputs is null ? null : Outputs(item.Outputs, outputShapes),
        item.LatencyMs,
        item.Shadow,
        item.Error);

    private string Inputs(IReadOnlyList<InferenceInput> inputs, long[]?[]? shapes)
    {
        Begin();
        for (var i = 0; i < inputs.Count; i++)
        {
            Write(inputs[i].Name, inputs[i].Tensor, shapes?[i]);
        }

        return End();
    }

    private string Outputs(IReadOnlyList<InferenceOutput> outputs, long[]?[]? shapes)
    {
        Begin();
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Value is OnnxTensor tensor)
            {
                Write(outputs[i].Name, tensor, shapes?[i]);
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

    private void Write(string name, OnnxTensor tensor, long[]? sampledFrom)
    {
        _writer.WriteStartObject(name);
        TensorJson.WriteFields(_writer, tensor);
        if (sampledFrom is not null)
        {
            _writer.WriteStartArray("sampled_from");
            foreach (var d in sampledFrom)
            {
                _writer.WriteNumberValue(d);
            }

            _writer.WriteEndArray();
            long width = 1;
            for (var d = 1; d < sampledFrom.Length; d++)
            {
                width *= sampledFrom[d];
            }

            _writer.WriteNumber("sample_stride", CaptureLimits.Stride(width));
        }

        _writer.WriteEndObject();
    }

    private string End()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
