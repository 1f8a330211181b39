using System.Diagnostics;
using System.Globalization;
using Crucible.Onnx;
using Microsoft.ML.OnnxRuntime;

// Hand-written binding vs the official managed API, same native library, same process, same inputs, one intra-op
// thread each (Crucible's serving default). Rounds alternate the two sides so that machine load hits both alike.
//   dotnet Crucible.Bench.Ort.dll [--seconds S] [--rounds R] MODEL.onnx...
var seconds = 1.0;
var rounds = 5;
var models = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: models.Add(args[i]); break;
    }
}

if (models.Count == 0)
{
    models.Add("tests/Crucible.Onnx.Tests/Fixtures/mlp.onnx");
}

// Point Crucible.Onnx at the official package's library so that both sides run the very same ONNX Runtime build.
var official = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so");
if (Environment.GetEnvironmentVariable("CRUCIBLE_ORT_LIBRARY") is null && File.Exists(official))
{
    Environment.SetEnvironmentVariable("CRUCIBLE_ORT_LIBRARY", official);
}

Console.WriteLine($"native library: {Environment.GetEnvironmentVariable("CRUCIBLE_ORT_LIBRARY") ?? "(default search)"}; ORT {OnnxSession.RuntimeVersion}; {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine("| model | batch | Crucible.Onnx p50 µs | official p50 µs | Crucible.Onnx calls/s | official calls/s | official / Crucible.Onnx |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var model in models)
{
    foreach (var batch in new[] { 1, 64, 512 })
    {
        using var bench = new PairBench(File.ReadAllBytes(model), batch);
        var hand = new List<double>();
        var managed = new List<double>();
        bench.Hand(0.2);
        bench.Official(0.2);
        for (var r = 0; r < rounds; r++)
        {
            hand.AddRange(bench.Hand(seconds));
            managed.AddRange(bench.Official(seconds));
        }

        double rateHand = hand.Count / (hand.Sum() / 1e6), rateOfficial = managed.Count / (managed.Sum() / 1e6);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(model)} | {batch} | {Median(hand):0.0} | {Median(managed):0.0} | {rateHand:N0} | {rateOfficial:N0} | {rateOfficial / rateHand:0.00} |"));
    }
}

static double Median(List<double> xs)
{
    xs.Sort();
    return xs[xs.Count / 2];
}

/// <summary>One model at one batch size, loaded by both bindings, with the same float input.</summary>
internal sealed class PairBench : IDisposable
{
    private readonly OnnxSession _hand;
    private readonly InferenceSession _official;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OnnxTensor[] _handInputs;
    private readonly OrtValue[] _officialInputs;
    private readonly OnnxValue[] _handOutputs = new OnnxValue[1];
    private readonly int _outputLength;

    public PairBench(byte[] model, int batch)
    {
        _hand = new OnnxSession(model, new OnnxSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _official = new InferenceSession(model, options);
        var width = checked((int)_hand.Inputs[0].Type.ShapeWithMinusOne![1]);
        var random = new Random(42);
        var data = new float[batch * width];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        _inputNames = [_hand.Inputs[0].Name];
        _outputNames = [_hand.Outputs[0].Name];
        _handInputs = [OnnxTensor.FromArray(data, batch, width)];
        _officialInputs = [OrtValue.CreateTensorValueFromMemory(data, [batch, width])];
        _hand.Run(_inputNames, _handInputs, _outputNames, _handOutputs);
        var expected = _handOutputs[0].AsTensor().AsSpan<float>().ToArray();
        using var check = _official.Run(_runOptions, _inputNames, _officialInputs, _outputNames);
        var actual = check[0].GetTensorDataAsSpan<float>();
        _outputLength = expected.Length;
        if (actual.Length != expected.Length || !actual.SequenceEqual(expected))
        {
            throw new InvalidOperationException("the two bindings disagree on the model's output");
        }
    }

    /// <summary>Crucible.Onnx: run and read the output, for about <paramref name="seconds"/>; microseconds per call.</summary>
    public List<double> Hand(double seconds) => Loop(seconds, () =>
    {
        _hand.Run(_inputNames, _handInputs, _outputNames, _handOutputs);
        return _handOutputs[0].AsTensor().AsSpan<float>()[_outputLength - 1];
    });

    /// <summary>The official API's OrtValue path (no NamedOnnxValue copies): run and read the output.</summary>
    public List<double> Official(double seconds) => Loop(seconds, () =>
    {
        using var results = _official.Run(_runOptions, _inputNames, _officialInputs, _outputNames);
        return results[0].GetTensorDataAsSpan<float>()[_outputLength - 1];
    });

    public void Dispose()
    {
        _hand.Dispose();
        foreach (var value in _officialInputs)
        {
            value.Dispose();
        }

        _official.Dispose();
        _runOptions.Dispose();
    }

    private static List<double> Loop(double seconds, Func<float> call)
    {
        var samples = new List<double>();
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long now;
        var sink = 0f;
        do
        {
            var t = Stopwatch.GetTimestamp();
            sink += call();
            now = Stopwatch.GetTimestamp();
            samples.Add((now - t) * 1e6 / Stopwatch.Frequency);
        }
        while (now < end);

        GC.KeepAlive(sink);
        return samples;
    }
}
