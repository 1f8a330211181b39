using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Tests.Batching;

/// <summary>
/// A stand-in for an ONNX Runtime run that computes a per-row function: for input <c>x</c> FP32 [N, 4] it returns
/// <c>y</c> FP32 [N, 2] with y = (sum of the row, 2 × first element). It records the rows of every run, fails any
/// run that contains a NaN ("poison"), and can hold runs at a gate.
/// </summary>
internal sealed class RowModel
{
    private readonly Lock _gate = new();
    private readonly List<int> _runRows = [];
    private int _inFlight;
    private int _maxInFlight;

    public static ModelSignature Signature { get; } = new(
        [new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 4))],
        [new OnnxValueInfo("y", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 2))]);

    public static IReadOnlyList<string> Outputs { get; } = ["y"];

    /// <summary>Runs wait here when set, so tests can fill the queue behind a run.</summary>
    public ManualResetEventSlim? Hold { get; set; }

    /// <summary>Signalled whenever a run starts.</summary>
    public SemaphoreSlim Started { get; } = new(0);

    public TimeSpan Work { get; set; }

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<int> RunRows
    {
        get
        {
            lock (_gate)
            {
                return _runRows.ToArray();
            }
        }
    }

    public static InferenceInput[] Input(params float[][] rows) =>
        [new("x", OnnxTensor.FromArray(rows.SelectMany(r => r).ToArray(), rows.Length, 4))];

    public static float[] Row(int seed) => [seed, seed * 0.5f, -seed, 1f / (seed + 1)];

    public static float[] Poison => [float.NaN, 0, 0, 0];

    /// <summary>What running <paramref name="inputs"/> alone returns.</summary>
    public static float[] Expected(IReadOnlyList<InferenceInput> inputs)
    {
        var x = inputs[0].Tensor.AsSpan<float>();
        var y = new float[x.Length / 2];
        for (var r = 0; r < x.Length / 4; r++)
        {
            y[2 * r] = x[4 * r] + x[(4 * r) + 1] + x[(4 * r) + 2] + x[(4 * r) + 3];
            y[(2 * r) + 1] = 2 * x[4 * r];
        }

        return y;
    }

    public IReadOnlyList<InferenceOutput> Run(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputNames)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            Started.Release();
            Hold?.Wait();
            var x = inputs[0].Tensor;
            lock (_gate)
            {
                _runRows.Add((int)x.Shape[0]);
            }

            if (Work > TimeSpan.Zero)
            {
                Thread.Sleep(Work);
            }

            if (x.ToArray<float>().Any(float.IsNaN))
            {
                throw new InvalidOperationException("poison row");
            }

            return [new InferenceOutput(outputNames[0], OnnxTensor.FromArray(Expected(inputs), x.Shape[0], 2))];
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
