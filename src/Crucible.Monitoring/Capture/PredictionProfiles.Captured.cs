using Crucible.Core.Serving;
using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Capture;

public static partial class PredictionProfiles
{
    /// <summary>
    /// Profiles captured predictions straight from their tensors, by the same rules (and to the same columns) as
    /// <see cref="Build(IEnumerable{PredictionRecord}, DateTimeOffset?, DateTimeOffset?, ProfileOptions?, Func{PredictionRecord, IReadOnlyList{string}?}?)"/>
    /// over their logged JSON, without writing or parsing JSON. Floating-point elements are profiled at their exact
    /// value, where the log's JSON carries the shortest decimal that reads back as the same float.
    /// </summary>
    public static PredictionProfile Build(
        IEnumerable<CapturedPrediction> predictions,
        DateTimeOffset? start = null,
        DateTimeOffset? end = null,
        ProfileOptions? options = null,
        Func<CapturedPrediction, IReadOnlyList<string>?>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var builder = new Accumulator(options);
        foreach (var prediction in predictions)
        {
            builder.Add(prediction, featureNames?.Invoke(prediction));
        }

        return builder.Finish(start, end, null);
    }

    internal sealed partial class Accumulator
    {
        public void Add(CapturedPrediction prediction, IReadOnlyList<string>? featureNames = null)
        {
            if (prediction.Shadow)
            {
                return;
            }

            Begin();
            int? rows = null;
            var problem = Collect(prediction.Inputs, string.Empty, featureNames, ref rows)
                ?? (prediction.Outputs is null ? null : Collect(prediction.Outputs, OutputPrefix, null, ref rows));
            Commit(problem, prediction.RequestId, prediction.TimestampMs, rows);
        }

        private string? Collect(IReadOnlyList<CapturedTensor> tensors, string prefix, IReadOnlyList<string>? featureNames, ref int? rows)
        {
            // Feature names describe the columns of a model's one input; with several inputs they are ambiguous.
            var names = featureNames is not null && tensors.Count == 1 ? featureNames : null;
            foreach (var tensor in tensors)
            {
                var name = prefix.Length == 0 ? tensor.Name : prefix + tensor.Name;
                if (tensor.Shape.Count == 0 || (tensor.SampledFrom is { Count: 0 }))
                {
                    return $"tensor '{name}' has an empty shape (a scalar has no rows)";
                }

                var stride = tensor.SampledFrom is { } from ? CaptureLimits.Stride(Width(from, long.MaxValue)) : 1;
                var problem = Tensor(name, tensor.Shape, tensor.SampledFrom, stride, new CapturedData(tensor.Values), names, ref rows);
                if (problem is not null)
                {
                    return problem;
                }
            }

            return null;
        }
    }

    /// <summary>A captured tensor's elements, read in place.</summary>
    private sealed class CapturedData(TensorValues values) : FlatData
    {
        public override int Length => values.Length;

        public override bool TryGetNumber(int index, out double value)
        {
            switch (values.Kind)
            {
                case TensorValueKind.Number:
                    value = values.Number(index);
                    return true;
                case TensorValueKind.Text when values.Text(index) is "NaN" or "Infinity" or "-Infinity":
                    value = double.Parse(values.Text(index)!, System.Globalization.CultureInfo.InvariantCulture);
                    return true;
                default:
                    value = 0;
                    return false;
            }
        }

        public override void AddTo(ColumnProfile column, int index)
        {
            switch (values.Kind)
            {
                case TensorValueKind.Number:
                    column.Add(values.Number(index));
                    break;
                case TensorValueKind.Boolean:
                    column.Add(values.Boolean(index) ? "true" : "false");
                    break;
                default:
                    AddText(column, values.Text(index));
                    break;
            }
        }
    }
}
