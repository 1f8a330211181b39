using System.Diagnostics;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Optimization.Profiling;

/// <summary>
/// Measures a model on this machine: file size, session load time, peak memory, and for each batch size x intra-op
/// thread count the p50/p99 latency of one Run and the rows per second, one Run at a time after a warm-up. Inputs are
/// seeded random floats shaped from the model's first input (symbolic dimensions: the batch first, 1 elsewhere).
/// </summary>
public static class ModelProfiler
{
    public const string CpuProvider = "CPUExecutionProvider";

    /// <summary>The execution providers the loaded ONNX Runtime library offers on this machine.</summary>
    public static IReadOnlyList<string> AvailableProviders()
    {
        _ = OnnxSession.RuntimeVersion;
        return Ort.OrtEnv.Instance().GetAvailableProviders();
    }

    public static ModelProfile Profile(string name, byte[] model, ProfileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var providers = AvailableProviders();
        if (!providers.Contains(settings.ExecutionProvider, StringComparer.Ordinal))
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"execution provider '{settings.ExecutionProvider}' is not available on this machine; available: {string.Join(", ", providers)}");
        }

        if (settings.ExecutionProvider != CpuProvider)
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"execution provider '{settings.ExecutionProvider}' is present but Crucible's sessions run on {CpuProvider} only");
        }

        var input = OnnxModelReader.Read(model).Inputs.FirstOrDefault()
            ?? throw new CrucibleException(ErrorCode.InvalidParameterValue, "the model has no input to profile");
        if (input.Type.ElementType != OnnxElementType.Fp32 || input.Type.Shape is null)
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"profile-model feeds float tensors of known rank; input '{input.Name}' is {input.Type}");
        }

        var baseline = ProcessMemory.ResetPeak() ? ProcessMemory.Resident() : ProcessMemory.Peak();
        var load = Stopwatch.StartNew();
        using (var first = new OnnxSession(model, OnnxSessionOptions.Default))
        {
            load.Stop();
            first.Run(Input(input, settings.BatchSizes.Max(), seed: 1));
        }

        var cells = new List<ProfileCell>();
        foreach (var threads in settings.IntraOpThreads)
        {
            using var session = new OnnxSession(model, OnnxSessionOptions.Default with { IntraOpThreads = threads });
            foreach (var batch in settings.BatchSizes)
            {
                var tensor = Input(input, batch, seed: batch);
                cells.Add(Measure(session, tensor, (int)tensor.Shape[0], threads, settings));
            }
        }

        var peak = Math.Max(0, ProcessMemory.Peak() - baseline);
        return new ModelProfile(name, model.LongLength, load.Elapsed.TotalMilliseconds, peak, settings.ExecutionProvider, providers, cells);
    }

    private static ProfileCell Measure(OnnxSession session, OnnxTensor input, int batch, int threads, ProfileSettings settings)
    {
        for (var i = 0; i < settings.WarmupRuns; i++)
        {
            session.Run(input);
        }

        var times = new List<double>(settings.Runs);
        var total = Stopwatch.StartNew();
        while (times.Count < settings.Runs && (times.Count < 5 || total.Elapsed.TotalSeconds < settings.MaxSecondsPerCell))
        {
            var start = Stopwatch.GetTimestamp();
            session.Run(input);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        double At(double q) => times[(int)Math.Min(times.Count - 1, Math.Ceiling(q * times.Count) - 1)];
        var mean = times.Average();
        return new ProfileCell(batch, threads, times.Count, At(0.5), At(0.99), batch * 1000 / mean);
    }

    /// <summary>Random floats in [-1, 1) shaped for <paramref name="input"/>; a fixed batch dimension wins over <paramref name="batch"/>.</summary>
    private static OnnxTensor<float> Input(OnnxValueInfo input, int batch, int seed)
    {
        var shape = input.Type.Shape!.Select((d, i) => d.IsFixed ? d.Value!.Value : i == 0 ? batch : 1).ToArray();

        var count = (int)shape.Aggregate(1L, (a, d) => a * d);
        var random = new Random(seed);
        var data = new float[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return OnnxTensor.FromArray(data, shape);
    }
}
