using Crucible.Core.Errors;
using Crucible.Onnx.Proto;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Google.Protobuf;

namespace Crucible.Optimization.Quantization;

/// <summary>
/// Observes activations on calibration batches: the named intermediate values are exposed as extra graph outputs of a
/// copy of the model, the copy runs over every batch, and each value's range is taken by min/max or by percentile
/// (over a strided sample of at most <see cref="SampleLimit"/> values per activation).
/// </summary>
internal static class Calibrator
{
    public const int SampleLimit = 1 << 20;

    public static Dictionary<string, ActivationRange> Calibrate(
        ModelProto model,
        IReadOnlyCollection<string> activations,
        IEnumerable<IReadOnlyList<KeyValuePair<string, OnnxTensor>>> batches,
        CalibrationMethod method,
        double percentile)
    {
        var observed = model.Clone();
        var existing = new HashSet<string>(observed.Graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var name in activations.Where(a => existing.Add(a) && observed.Graph.Input.All(i => i.Name != a)))
        {
            observed.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        var samples = activations.ToDictionary(a => a, _ => new Sample(), StringComparer.Ordinal);
        using var session = new OnnxSession(observed.ToByteArray(), OnnxSessionOptions.Default with { OptimizationLevel = OnnxGraphOptimizationLevel.Disabled });
        var outputs = activations.Where(a => session.Outputs.Any(o => o.Name == a)).ToArray();
        var batchCount = 0;
        foreach (var batch in batches)
        {
            batchCount++;
            var results = outputs.Length == 0 ? new Dictionary<string, OnnxValue>() : session.Run(batch, outputs);
            foreach (var (name, sample) in samples)
            {
                var tensor = results.TryGetValue(name, out var value) ? value.AsTensor() : batch.FirstOrDefault(p => p.Key == name).Value;
                if (tensor is not null)
                {
                    sample.Add(tensor.AsSpan<float>());
                }
            }
        }

        if (batchCount == 0)
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, "static int8 quantization needs calibration data; the calibration set is empty");
        }

        return samples.Where(s => s.Value.Count > 0)
            .ToDictionary(s => s.Key, s => s.Value.Range(method, percentile), StringComparer.Ordinal);
    }

    private sealed class Sample
    {
        private readonly List<float> _values = [];
        private float _min = float.PositiveInfinity;
        private float _max = float.NegativeInfinity;
        private long _seen;

        public long Count => _seen;

        public void Add(ReadOnlySpan<float> values)
        {
            // A stride that keeps the sample under the limit for this batch; earlier batches keep what they gave.
            var stride = Math.Max(1, values.Length / Math.Max(1, (SampleLimit - _values.Count) / 4));
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                if (float.IsNaN(v))
                {
                    continue;
                }

                _min = Math.Min(_min, v);
                _max = Math.Max(_max, v);
                _seen++;
                if (i % stride == 0 && _values.Count < SampleLimit)
                {
                    _values.Add(v);
                }
            }
        }

        public ActivationRange Range(CalibrationMethod method, double percentile)
        {
            if (method == CalibrationMethod.MinMax || _values.Count == 0)
            {
                return new ActivationRange(_min, _max);
            }

            _values.Sort();
            float At(double q) => _values[(int)Math.Clamp(Math.Round(q * (_values.Count - 1)), 0, _values.Count - 1)];
            return new ActivationRange(At(1 - (percentile / 100)), At(percentile / 100));
        }
    }
}
