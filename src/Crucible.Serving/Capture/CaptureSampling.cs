using Crucible.Core.Serving;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Capture;

/// <summary>
/// Keeps what capture logs per request bounded whatever the model's shape. A tensor whose rows (shape [N, ...]) hold
/// at most <see cref="MaxElementsPerRow"/> elements is logged whole. A wider one is logged as a strided sample of
/// each row: with W elements per row, stride s = ⌈W / <see cref="MaxElementsPerRow"/>⌉, the row's flat elements
/// 0, s, 2s, ... (k = ⌈W / s⌉ of them, at most <see cref="MaxElementsPerRow"/>), as a tensor of shape [N, k]; the
/// log records the original shape next to it (<c>"sampled_from"</c>), so profiles know each element's channel.
/// The sample is taken when the request is queued (a copy of at most N·k elements), so the capture queue never holds
/// a request's full tensors.
/// </summary>
public static class CaptureSampling
{
    /// <summary>Elements per row a tensor may have and still be logged whole; wider rows are sampled down to this.</summary>
    public const int MaxElementsPerRow = CaptureLimits.MaxElementsPerRow;

    /// <summary>
    /// The tensor to log for <paramref name="tensor"/>: itself when it is narrow enough (<paramref name="sampledFrom"/>
    /// null), else the strided sample of shape [N, k] and the original shape in <paramref name="sampledFrom"/>
    /// (its stride is <see cref="CaptureLimits.Stride"/> of the original row width).
    /// </summary>
    public static OnnxTensor Reduce(OnnxTensor tensor, out long[]? sampledFrom)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        sampledFrom = null;
        var shape = tensor.Shape;
        if (shape.Count < 2 || shape[0] == 0)
        {
            return tensor;
        }

        long rows = shape[0];
        long width = tensor.Length / rows;
        long stride = CaptureLimits.Stride(width);
        if (stride == 1)
        {
            return tensor;
        }

        sampledFrom = [.. shape];
        long perRow = CaptureLimits.SampledWidth(width, stride);
        return tensor.ElementType switch
        {
            OnnxElementType.Fp32 => Gather<float>(tensor, rows, width, stride, perRow),
            OnnxElementType.Fp64 => Gather<double>(tensor, rows, width, stride, perRow),
            OnnxElementType.Fp16 => Gather<Half>(tensor, rows, width, stride, perRow),
            OnnxElementType.Int64 => Gather<long>(tensor, rows, width, stride, perRow),
            OnnxElementType.Int32 => Gather<int>(tensor, rows, width, stride, perRow),
            OnnxElementType.Int16 => Gather<short>(tensor, rows, width, stride, perRow),
            OnnxElementType.Int8 => Gather<sbyte>(tensor, rows, width, stride, perRow),
            OnnxElementType.Uint64 => Gather<ulong>(tensor, rows, width, stride, perRow),
            OnnxElementType.Uint32 => Gather<uint>(tensor, rows, width, stride, perRow),
            OnnxElementType.Uint16 or OnnxElementType.Bf16 => Gather<ushort>(tensor, rows, width, stride, perRow),
            OnnxElementType.Uint8 => Gather<byte>(tensor, rows, width, stride, perRow),
            OnnxElementType.Bool => Gather<bool>(tensor, rows, width, stride, perRow),
            OnnxElementType.Bytes => Gather<string>(tensor, rows, width, stride, perRow),
            _ => Unsampled(tensor, ref sampledFrom),
        };
    }

    /// <summary>The item with every wide input and output replaced by its sample; the original shapes per position.</summary>
    internal static CaptureItem Reduce(CaptureItem item, out long[]?[]? inputShapes, out long[]?[]? outputShapes)
    {
        inputShapes = null;
        outputShapes = null;
        InferenceInput[]? inputs = null;
        for (var i = 0; i < item.Inputs.Count; i++)
        {
            var reduced = Reduce(item.Inputs[i].Tensor, out var from);
            if (from is null)
            {
                continue;
            }

            inputs ??= [.. item.Inputs];
            inputShapes ??= new long[]?[item.Inputs.Count];
            inputShapes[i] = from;
            inputs[i] = new InferenceInput(item.Inputs[i].Name, reduced);
        }

        InferenceOutput[]? outputs = null;
        for (var i = 0; item.Outputs is not null && i < item.Outputs.Count; i++)
        {
            if (item.Outputs[i].Value is not OnnxTensor tensor)
            {
                continue;
            }

            var reduced = Reduce(tensor, out var from);
            if (from is null)
            {
                continue;
            }

            outputs ??= [.. item.Outputs];
            outputShapes ??= new long[]?[item.Outputs.Count];
            outputShapes[i] = from;
            outputs[i] = new InferenceOutput(item.Outputs[i].Name, reduced);
        }

        return inputs is null && outputs is null ? item : item with { Inputs = inputs ?? item.Inputs, Outputs = outputs ?? item.Outputs };
    }

    private static OnnxTensor Unsampled(OnnxTensor tensor, ref long[]? sampledFrom)
    {
        sampledFrom = null;
        return tensor;
    }

    private static OnnxTensor<T> Gather<T>(OnnxTensor tensor, long rows, long width, long stride, long perRow)
    {
        var source = tensor.AsSpan<T>();
        var sample = new T[rows * perRow];
        var k = 0;
        for (long row = 0; row < rows; row++)
        {
            long offset = row * width;
            for (long j = 0; j < width; j += stride)
            {
                sample[k++] = source[(int)(offset + j)];
            }
        }

        return new OnnxTensor<T>(sample, [rows, perRow], tensor.ElementType);
    }
}
