using Crucible.Core.Serving;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Serving.Batching;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Tests.Batching;

/// <summary>The batcher over a real ONNX Runtime session (the MLP fixture: input [batch, 32] → probabilities [batch, 3]).</summary>
public sealed class DynamicBatcherOrtTests : IDisposable
{
    private readonly OnnxSession _session = new(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mlp.onnx")));

    public void Dispose() => _session.Dispose();

    [Fact]
    public async Task Batched_runs_are_bit_identical_to_running_each_request_alone()
    {
        var signature = ModelSignature.Of(_session);
        var outputs = signature.TensorOutputs;
        var random = new Random(7);
        var requests = Enumerable.Range(0, 200).Select(i =>
        {
            var rows = 1 + (i % 3);
            var data = Enumerable.Range(0, rows * 32).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
            return (IReadOnlyList<InferenceInput>)[new InferenceInput("input", OnnxTensor.FromArray(data, rows, 32))];
        }).ToArray();
        var alone = requests.Select(r => Run(r, outputs)[0].Value.AsTensor().ToArray<float>()).ToArray();
        var runs = new List<int>();
        IReadOnlyList<InferenceOutput> Counting(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> names)
        {
            lock (runs)
            {
                runs.Add((int)inputs[0].Tensor.Shape[0]);
            }

            return Run(inputs, names);
        }

        await using var batcher = new DynamicBatcher(signature, new BatchingSettings(16, 1), Counting, TimeProvider.System);
        var batched = await Task.WhenAll(requests.Select(r => Task.Run(async () => await batcher.RunAsync(r, outputs, CancellationToken.None))));

        Assert.True(batcher.IsBatching);
        for (var i = 0; i < requests.Length; i++)
        {
            var tensor = batched[i][0].Value.AsTensor();
            Assert.Equal([requests[i][0].Tensor.Shape[0], 3L], tensor.Shape);
            Assert.Equal(alone[i].Select(BitConverter.SingleToInt32Bits), tensor.ToArray<float>().Select(BitConverter.SingleToInt32Bits));
        }

        Assert.True(runs.Max() > 3, $"no batch merged requests; runs: {string.Join(',', runs)}");
        Assert.All(runs, r => Assert.InRange(r, 1, 16));
    }

    private IReadOnlyList<InferenceOutput> Run(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputNames)
    {
        var values = new OnnxValue[outputNames.Count];
        _session.Run(inputs.Select(i => i.Name).ToArray(), inputs.Select(i => i.Tensor).ToArray(), outputNames.ToArray(), values);
        return outputNames.Select((name, i) => new InferenceOutput(name, values[i])).ToArray();
    }
}
