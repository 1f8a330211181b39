using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;

namespace Crucible.Optimization.Quantization;

/// <summary>Calibration batches from a dataset's feature rows, shaped for the model's first input.</summary>
public static class CalibrationBatches
{
    /// <summary>
    /// Cuts <paramref name="features"/> ([rows, width], row-major) into batches of <paramref name="batchSize"/> rows for
    /// the model's first input. When that input has fixed dimensions after the batch one (an image [N, 1, 28, 28])
    /// whose product is the row width, each batch takes that shape; otherwise [rows, width].
    /// </summary>
    public static IEnumerable<IReadOnlyList<KeyValuePair<string, OnnxTensor>>> FromRows(byte[] model, float[] features, int rows, int width, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var input = OnnxModelReader.Read(model).Inputs.FirstOrDefault()
            ?? throw new CrucibleException(ErrorCode.InvalidParameterValue, "the model has no input to calibrate");
        var tail = input.Type.Shape is { Count: > 1 } shape && shape.Skip(1).All(d => d.IsFixed)
            ? shape.Skip(1).Select(d => d.Value!.Value).ToArray()
            : null;
        if (tail is not null && tail.Aggregate(1L, (a, d) => a * d) != width)
        {
            tail = null;
        }

        return Cut(input.Name, features, rows, width, tail ?? [width], batchSize);
    }

    private static IEnumerable<IReadOnlyList<KeyValuePair<string, OnnxTensor>>> Cut(string name, float[] features, int rows, int width, long[] tail, int batchSize)
    {
        for (var start = 0; start < rows; start += batchSize)
        {
            var count = Math.Min(batchSize, rows - start);
            long[] shape = [count, .. tail];
            yield return [KeyValuePair.Create(name, (OnnxTensor)OnnxTensor.FromMemory<float>(features.AsMemory(start * width, count * width), shape))];
        }
    }
}
