using System.Diagnostics;
using System.Globalization;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;

namespace Crucible.Bench;

/// <summary>
/// Scenario <c>ort-raw</c> (issue 4): the serving path's ceiling. One <see cref="OnnxSession"/> on the 32-64-3 MLP,
/// called in a loop on one thread with a prebuilt input (no HTTP, no JSON), at batch 1, 64 and 512; once with
/// Crucible's session defaults (1 intra-op thread) and once with ONNX Runtime's own (0 = ORT picks).
/// </summary>
internal static class OrtRaw
{
    public const string DefaultModel = "tests/Crucible.Onnx.Tests/Fixtures/mlp.onnx";
    private static readonly int[] Batches = [1, 64, 512];
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    public static List<Row> Measure(string modelPath, double seconds)
    {
        var model = File.ReadAllBytes(modelPath);
        var rows = new List<Row>();
        foreach (var (threads, label) in new[] { (1, "1 intra-op thread (Crucible default)"), (0, "intra-op 0 (ORT picks)") })
        {
            using var session = new OnnxSession(model, new OnnxSessionOptions { IntraOpThreads = threads, InterOpThreads = threads });
            var width = checked((int)session.Inputs[0].Type.ShapeWithMinusOne![1]);
            foreach (var batch in Batches)
            {
                rows.Add(MeasureBatch(session, width, batch, seconds, label));
            }
        }

        return rows;
    }

    private static Row MeasureBatch(OnnxSession session, int width, int batch, double seconds, string label)
    {
        var random = new Random(42);
        var data = new float[batch * width];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        string[] inputNames = [session.Inputs[0].Name];
        string[] outputNames = [session.Outputs[0].Name];
        OnnxTensor[] inputs = [OnnxTensor.FromArray(data, batch, width)];
        var outputs = new OnnxValue[1];

        var warmupEnd = Stopwatch.GetTimestamp() + (long)(Warmup.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmupEnd)
        {
            session.Run(inputNames, inputs, outputNames, outputs);
        }

        Check(outputs[0].AsTensor(), batch);
        var samples = new Samples();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(seconds * Stopwatch.Frequency);
        long now;
        do
        {
            var t = Stopwatch.GetTimestamp();
            session.Run(inputNames, inputs, outputNames, outputs);
            now = Stopwatch.GetTimestamp();
            samples.Add((now - t) * 1000.0 / Stopwatch.Frequency);
        }
        while (now < end);

        var total = Samples.Since(started);
        var callsPerSecond = samples.Count / (total / 1000);
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"batch {batch}; {label}; p50 {samples.Percentile(50) * 1000:0.0} µs, p99 {samples.Percentile(99) * 1000:0.0} µs; {callsPerSecond:N0} calls/s = **{callsPerSecond * batch:N0} rows/s**; ORT {OnnxSession.RuntimeVersion}");
        return new Row($"ort-raw: OnnxSession.Run, 32-64-3 MLP, batch {batch}", "in-process", samples, [total], notes) { CallsPerPass = samples.Count };
    }

    /// <summary>The output is softmax probabilities: [batch, 3], each row summing to 1.</summary>
    private static void Check(OnnxTensor output, int batch)
    {
        var p = output.AsSpan<float>();
        if (output.Shape.Count != 2 || output.Shape[0] != batch || p.Length != batch * 3)
        {
            throw new InvalidOperationException($"ort-raw: unexpected output {output} for batch {batch}.");
        }

        for (var r = 0; r < batch; r++)
        {
            var sum = p[3 * r] + p[(3 * r) + 1] + p[(3 * r) + 2];
            if (Math.Abs(sum - 1) > 1e-4)
            {
                throw new InvalidOperationException($"ort-raw: row {r} of the output sums to {sum}, not 1.");
            }
        }
    }
}
