using System.Diagnostics;
using System.Globalization;
using Crucible.Core.Serving;
using Crucible.Core.Tracking;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Windows;
using Crucible.Onnx.Values;
using Crucible.Serving.Capture;
using Crucible.Serving.Inference;
using Crucible.Stats.Profiles;

namespace Crucible.Bench;

/// <summary>
/// Scenario <c>capture</c> (issue 13), in-process, one thread, seeded data: what capture costs per request for a
/// 6-feature model ([1, 6] in, [1, 2] out) and for a volume model ([1, 3, 32, 32, 32] in and out). "after" is the real
/// path: <see cref="PredictionCapture.TryCapture"/> (sampling), the writer's JSON, the window profile
/// (<see cref="CaptureWindowProfiles"/>) and its flush into an <see cref="ProfileStore.InMemory"/>; the log is a store
/// that only counts the bytes appended; the writer does not wait for fuller batches (flush interval zero), so the time is
/// work, not waiting. "before" is main's rule (15ffa82) re-created in the same process: the whole
/// tensors as JSON and one profile column per flattened element. For the volume, "before" profiles only the first
/// 4,096 of 196,608 element columns of one request (more would take gigabytes) and scales linearly, as stated.
/// </summary>
internal static class CaptureBench
{
    public static List<Row> Measure(int repeat)
    {
        var rows = new List<Row>();
        foreach (var (name, input, output, requests) in new[]
        {
            ("6-feature model", new long[] { 1, 6 }, new long[] { 1, 2 }, 2_000),
            ("volume model [1,3,32,32,32]", new long[] { 1, 3, 32, 32, 32 }, new long[] { 1, 3, 32, 32, 32 }, 100),
        })
        {
            rows.Add(After(name, input, output, requests, repeat).GetAwaiter().GetResult());
            rows.Add(Before(name, input, output, repeat));
        }

        return rows;
    }

    private static CaptureItem Item(Random rng, int i, long[] input, long[] output) => new(
        $"r{i}", "bench", "bench", "1", 1_750_000_000_000 + i,
        [new InferenceInput("x", Tensor(rng, input))],
        [new InferenceOutput("y", Tensor(rng, output))],
        1.0, Shadow: false);

    private static OnnxTensor<float> Tensor(Random rng, long[] shape)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        return OnnxTensor.FromArray(Enumerable.Range(0, (int)n).Select(_ => (float)rng.NextDouble()).ToArray(), shape);
    }

    private static async Task<Row> After(string name, long[] input, long[] output, int requests, int repeat)
    {
        var rng = new Random(13);
        var items = Enumerable.Range(0, requests).Select(i => Item(rng, i, input, output)).ToList();
        var samples = new Samples();
        long logBytes = 0, blobBytes = 0;
        for (int pass = 0; pass <= repeat; pass++)
        {
            var log = new CountingLog();
            var profiles = new CaptureWindowProfiles("bench");
            var store = ProfileStore.InMemory();
            long t = Stopwatch.GetTimestamp();
            await using (var capture = new PredictionCapture(log, TimeProvider.System, new PredictionCaptureOptions { Capacity = requests + 1, FlushInterval = TimeSpan.Zero }, observer: profiles))
            {
                foreach (var item in items)
                {
                    capture.TryCapture(item);
                }

                await capture.FlushAsync(CancellationToken.None);
            }

            await profiles.FlushAsync(store);
            double ms = Samples.Since(t);
            var window = (await store.ListWindowsAsync("bench", "1"))[0];
            blobBytes = (await store.LoadWindowAsync(window))!.Profile!.ToBytes().Length;
            logBytes = log.Bytes;
            if (pass > 0)
            {
                samples.Add(ms / requests);
                Console.Error.WriteLine($"   capture after, {name} pass {pass}: {ms / requests:0.000} ms/request, load {MachineInfo.LoadAverage()}");
            }
        }

        return new Row($"capture (after): {name}, {requests} requests", "in-process", samples, samples.Values, string.Create(CultureInfo.InvariantCulture,
            $"{samples.Percentile(50):0.000} ms per request (queue, JSON, window profile, flush); log {logBytes / requests:N0} B/request; window profile blob {blobBytes:N0} B after {requests} requests"))
        { CallsPerPass = 1 };
    }

    private static Row Before(string name, long[] input, long[] output, int repeat)
    {
        var rng = new Random(13);
        var item = Item(rng, 0, input, output);
        var records = new CaptureRecordsProbe();
        int columns = (int)((item.Inputs[0].Tensor.Length / input[0]) + (((OnnxTensor)item.Outputs![0].Value).Length / output[0]));
        int profiled = Math.Min(columns, 4_096);
        var samples = new Samples();
        long logBytes = 0, blobBytes = 0;
        for (int pass = 0; pass <= repeat; pass++)
        {
            long t = Stopwatch.GetTimestamp();
            var record = records.ToRecord(item);
            logBytes = System.Text.Encoding.UTF8.GetByteCount(record.Inputs) + System.Text.Encoding.UTF8.GetByteCount(record.Outputs!);
            double jsonMs = Samples.Since(t);
            long p = Stopwatch.GetTimestamp();
            var builder = new ProfileBuilder();
            var x = item.Inputs[0].Tensor.AsSpan<float>();
            var y = ((OnnxTensor)item.Outputs[0].Value).AsSpan<float>();
            for (int j = 0; j < profiled; j++)
            {
                string column = j < x.Length ? FormattableString.Invariant($"x[{j}]") : FormattableString.Invariant($"prediction.y[{j - x.Length}]");
                builder.Column(column).Add(j < x.Length ? x[j] : y[j - x.Length]);
            }

            builder.CountRows(1);
            var profile = builder.Build();
            double profileMs = Samples.Since(p) * columns / profiled;
            blobBytes = (long)profile.ToBytes().Length * columns / profiled;
            if (pass > 0)
            {
                samples.Add(jsonMs + profileMs);
                Console.Error.WriteLine($"   capture before, {name} pass {pass}: JSON {jsonMs:0.000} ms + profile {profileMs:0.000} ms ({profiled} of {columns} columns), load {MachineInfo.LoadAverage()}");
            }
        }

        string scaled = profiled < columns ? $" (profile of {profiled:N0} of {columns:N0} columns timed, scaled ×{columns / (double)profiled:0})" : string.Empty;
        return new Row($"capture (before, main's rule): {name}, 1 request", "in-process", samples, samples.Values, string.Create(CultureInfo.InvariantCulture,
            $"{samples.Percentile(50):0.000} ms per request (JSON + per-element profile){scaled}; log {logBytes:N0} B/request; profile {columns:N0} columns, blob ≈ {blobBytes:N0} B for one request"))
        { CallsPerPass = 1 };
    }

    /// <summary>main's JSON of a record: the writer's own converter, with nothing sampled.</summary>
    private sealed class CaptureRecordsProbe
    {
        private readonly CaptureRecords _records = new();

        public PredictionRecord ToRecord(CaptureItem item) => _records.ToRecord(item);
    }

    /// <summary>A prediction log that keeps nothing and counts the UTF-8 bytes of the JSON appended.</summary>
    private sealed class CountingLog : IPredictionLogStore
    {
        public long Bytes { get; private set; }

        public Task AppendPredictionsAsync(IReadOnlyList<PredictionRecord> records, CancellationToken cancellationToken)
        {
            foreach (var r in records)
            {
                Bytes += System.Text.Encoding.UTF8.GetByteCount(r.Inputs) + (r.Outputs is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(r.Outputs));
            }

            return Task.CompletedTask;
        }

        public Task<Page<PredictionRecord>> QueryPredictionsAsync(PredictionQuery query, CancellationToken cancellationToken) =>
            Task.FromResult(new Page<PredictionRecord>([], null));

        public Task<PredictionRecord?> GetPredictionAsync(string deployment, string requestId, CancellationToken cancellationToken) =>
            Task.FromResult<PredictionRecord?>(null);
    }
}
