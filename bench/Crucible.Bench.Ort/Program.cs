using System.Diagnostics;
using System.Globalization;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Microsoft.ML.OnnxRuntime;

// Crucible.Onnx's OnnxSession (a wrapper over the official managed API since issue 14) vs that API used directly, same
// native library, same process, same inputs, one intra-op thread each (Crucible's serving default). Rounds alternate
// the two sides so that machine load hits both alike.
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

Console.WriteLine($"ORT {OnnxSession.RuntimeVersion} (Microsoft.ML.OnnxRuntime, runtimes/{System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}/native); {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Trim()}");
// "official" reuses one input OrtValue and reads the output in place (the API's floor); "official per request" wraps
// the input afresh and copies the output out, which is what a server must do with new data per request and results
// that outlive the call, and what OnnxSession does.
Console.WriteLine("| model | batch | OnnxSession p50 µs | official per request p50 µs | official p50 µs | OnnxSession calls/s | official calls/s | official / OnnxSession |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var model in models)
{
    foreach (var batch in new[] { 1, 64, 512 })
    {
        using var bench = new PairBench(File.ReadAllBytes(model), batch);
        var wrapper = new List<double>();
        var managed = new List<double>();
        var perRequest = new List<double>();
        bench.Wrapper(0.2);
        bench.Official(0.2);
        bench.OfficialPerRequest(0.2);
        for (var r = 0; r < rounds; r++)
        {
            wrapper.AddRange(bench.Wrapper(seconds));
            managed.AddRange(bench.Official(seconds));
            perRequest.AddRange(bench.OfficialPerRequest(seconds));
        }

        double rateWrapper = wrapper.Count / (wrapper.Sum() / 1e6), rateOfficial = managed.Count / (managed.Sum() / 1e6);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(model)} | {batch} | {Median(wrapper):0.0} | {Median(perRequest):0.0} | {Median(managed):0.0} | {rateWrapper:N0} | {rateOfficial:N0} | {rateOfficial / rateWrapper:0.00} |"));
    }
}

static double Median(List<double> xs)
{
    xs.Sort();
    return xs[xs.Count / 2];
}

/// <summary>One model at one batch size, loaded through OnnxSession and through the official API directly, with the same float input.</summary>
internal sealed class PairBench : IDisposable
{
    private readonly OnnxSession _wrapper;
    private readonly InferenceSession _official;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OnnxTensor[] _wrapperInputs;
    private readonly OrtValue[] _officialInputs;
    private readonly OnnxValue[] _wrapperOutputs = new OnnxValue[1];
    private readonly int _outputLength;
    private readonly float[] _data;
    private readonly long[] _shape;

    public PairBench(byte[] model, int batch)
    {
        _wrapper = new OnnxSession(model, new OnnxSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 });
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _official = new InferenceSession(model, options);
        var width = checked((int)_wrapper.Inputs[0].Type.ShapeWithMinusOne![1]);
        var random = new Random(42);
        var data = new float[batch * width];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        _inputNames = [_wrapper.Inputs[0].Name];
        _outputNames = [_wrapper.Outputs[0].Name];
        _wrapperInputs = [OnnxTensor.FromArray(data, batch, width)];
        _officialInputs = [OrtValue.CreateTensorValueFromMemory(data, [batch, width])];
        _data = data;
        _shape = [batch, width];
        _wrapper.Run(_inputNames, _wrapperInputs, _outputNames, _wrapperOutputs);
        var expected = _wrapperOutputs[0].AsTensor().AsSpan<float>().ToArray();
        using var check = _official.Run(_runOptions, _inputNames, _officialInputs, _outputNames);
        var actual = check[0].GetTensorDataAsSpan<float>();
        _outputLength = expected.Length;
        if (actual.Length != expected.Length || !actual.SequenceEqual(expected))
        {
            throw new InvalidOperationException("OnnxSession and the official API disagree on the model's output");
        }
    }

    /// <summary>Crucible.Onnx's OnnxSession: run and read the output (a fresh output array, as serving gets it), for about <paramref name="seconds"/>; microseconds per call.</summary>
    public List<double> Wrapper(double seconds) => Loop(seconds, () =>
    {
        _wrapper.Run(_inputNames, _wrapperInputs, _outputNames, _wrapperOutputs);
        return _wrapperOutputs[0].AsTensor().AsSpan<float>()[_outputLength - 1];
    });

    /// <summary>The official API's OrtValue path (no NamedOnnxValue copies): run and read the output.</summary>
    public List<double> Official(double seconds) => Loop(seconds, () =>
    {
        using var results = _official.Run(_runOptions, _inputNames, _officialInputs, _outputNames);
        return results[0].GetTensorDataAsSpan<float>()[_outputLength - 1];
    });

    /// <summary>The official API as a server uses it: a fresh input OrtValue over the request's data, the output copied out.</summary>
    public List<double> OfficialPerRequest(double seconds) => Loop(seconds, () =>
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_data, _shape);
        using var results = _official.Run(_runOptions, _inputNames, [input], _outputNames);
        var output = results[0].GetTensorDataAsSpan<float>().ToArray();
        return output[_outputLength - 1];
    });

    public void Dispose()
    {
        _wrapper.Dispose();
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
