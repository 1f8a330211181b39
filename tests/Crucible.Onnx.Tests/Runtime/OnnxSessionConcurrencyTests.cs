using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;

namespace Crucible.Onnx.Tests.Runtime;

public sealed class OnnxSessionConcurrencyTests
{
    [Fact]
    public async Task Concurrent_runs_from_8_threads_give_correct_results()
    {
        var run = Fixtures.For("mlp").GetProperty("run");
        var input = JsonTensors.ToTensor(run.GetProperty("inputs").GetProperty("input"));
        var expected = run.GetProperty("outputs").GetProperty("probabilities");
        var x = input.ToArray<float>();
        using var session = new OnnxSession(Fixtures.Bytes("mlp"));

        var tasks = Enumerable.Range(0, 8).Select(t => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    // Alternate the whole batch with single rows so calls of different shapes overlap.
                    if ((i + t) % 2 == 0)
                    {
                        JsonTensors.AssertMatches(expected, session.Run(input));
                    }
                    else
                    {
                        var row = (i + t) % 5;
                        var output = session.Run(OnnxTensor.FromMemory<float>(x.AsMemory(row * 32, 32), 1, 32));
                        var all = expected.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                        JsonTensors.AssertClose(all[(row * 3)..((row * 3) + 3)], output.ToArray<float>().Select(f => (double)f).ToArray());
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task Concurrent_string_and_zipmap_runs_are_correct()
    {
        using var encoder = new OnnxSession(Fixtures.Bytes("label_encoder"));
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                var output = encoder.Run(OnnxTensor.Vector("red", "日本", $"x{t}{i}"));
                Assert.Equal(new long[] { 10, 50, -1 }, output.ToArray<long>());
            }
        })).ToArray();

        await Task.WhenAll(tasks);
    }
}
