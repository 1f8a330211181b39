using Crucible.Core.Serving;
using Crucible.Core.Tracking;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Windows;
using Crucible.Onnx.Values;
using Crucible.Serving.Capture;
using Crucible.Serving.Inference;
using Crucible.Stats.Profiles;

namespace Crucible.Server.Tests.Serving;

/// <summary>
/// Issue 17 item 1: the capture writer profiles the tensors it queued instead of parsing its own JSON back; the window
/// profile must be the one the log's JSON gives, for every element type and tensor layout capture logs.
/// </summary>
public sealed class CaptureFromTensorsTests
{
    private const long At = 1_767_225_600_000;

    private static CaptureItem Item(string id, IReadOnlyList<InferenceInput> inputs, IReadOnlyList<InferenceOutput>? outputs, bool shadow = false) =>
        new(id, "d", "m", "1", At + 10, inputs, outputs, 1.0, shadow);

    private static IEnumerable<CaptureItem> Traffic()
    {
        // Tabular FP32 with non-finite values, a BYTES column with the word NaN in it, a BOOL column; INT64 and FP64 outputs.
        for (var i = 0; i < 20; i++)
        {
            yield return Item(
                $"t{i}",
                [
                    new InferenceInput("x", OnnxTensor.FromArray(new[] { i * 0.25f, -i, i == 3 ? float.NaN : 1.5f, i == 4 ? float.PositiveInfinity : i * 0.125f, 0f, 2f }, 2, 3)),
                    new InferenceInput("city", OnnxTensor.FromArray(new[] { i % 3 == 0 ? "NaN" : "oslo", "lima" }, 2)),
                    new InferenceInput("flag", OnnxTensor.FromArray(new[] { i % 2 == 0, true }, 2)),
                ],
                [
                    new InferenceOutput("label", OnnxTensor.FromArray(new[] { (long)(i % 2), 1L }, 2)),
                    new InferenceOutput("p", OnnxTensor.FromArray(new[] { 0.5, 0.5, i * 0.0625, 1 - (i * 0.0625) }, 2, 2)),
                ]);
        }

        // A volume wide enough to be sampled on the way into the queue, an FP16 row, a failed run and a shadow.
        var volume = Enumerable.Range(0, 3 * 16 * 16 * 8).Select(v => (float)(v % 7) * 0.5f).ToArray();
        yield return Item("vol", [new InferenceInput("v", OnnxTensor.FromArray(volume, 1, 3, 16, 16, 8))], [new InferenceOutput("y", OnnxTensor.FromArray(new[] { 1f }, 1, 1))]);
        yield return Item("half", [new InferenceInput("h", OnnxTensor.FromArray(new[] { (Half)0.5, (Half)(-2) }, 1, 2))], null);
        yield return Item("shadow", [new InferenceInput("x", OnnxTensor.FromArray(new[] { 99f, 99, 99, 99, 99, 99 }, 1, 6))], null, shadow: true);
    }

    [Fact]
    public async Task The_window_profile_from_tensors_equals_the_profile_of_the_logged_json()
    {
        var log = new ListLog();
        var profiles = new CaptureWindowProfiles("replica");
        await using (var capture = new PredictionCapture(log, TimeProvider.System, new PredictionCaptureOptions { FlushInterval = TimeSpan.Zero, MaxBatch = 7 }, observer: profiles))
        {
            foreach (var item in Traffic())
            {
                Assert.True(capture.TryCapture(item));
            }

            await capture.FlushAsync(CancellationToken.None);
        }

        var store = ProfileStore.InMemory();
        Assert.Equal(1, await profiles.FlushAsync(store));
        var window = (await store.ListWindowsAsync("d", "1")).Single();
        DatasetProfile fromTensors = (await store.LoadWindowAsync(window))!.Profile!;
        var fromJson = PredictionProfiles.Build(log.Records);

        Assert.Equal(0, fromJson.DataQualityIssues);
        Assert.Equal(23, log.Records.Count);
        Assert.Equal(fromJson.Profile.RowCount, fromTensors.RowCount);
        Assert.Equal(20 * 2 + 2, fromTensors.RowCount);
        Assert.Equal(fromJson.Profile.ColumnNames, fromTensors.ColumnNames);
        Assert.Contains("v.channel[2].mean", fromTensors.ColumnNames);
        Assert.Contains("prediction.p[1]", fromTensors.ColumnNames);
        foreach (var name in fromTensors.ColumnNames)
        {
            ColumnProfile expected = fromJson.Profile[name], actual = fromTensors[name];
            Assert.True(
                (expected.Count, expected.NullCount, expected.NaNCount, expected.InfinityCount, expected.NumericCount, expected.StringCount)
                == (actual.Count, actual.NullCount, actual.NaNCount, actual.InfinityCount, actual.NumericCount, actual.StringCount),
                $"column {name}: counts differ");
            Assert.Equal(expected.Moments.Mean, actual.Moments.Mean, 12);
            Assert.Equal(expected.DistinctEstimate(), actual.DistinctEstimate());
        }

        Assert.Equal((39, 1), (fromTensors["x[2]"].NumericCount, fromTensors["x[2]"].NaNCount));
        Assert.Equal(1, fromTensors["x[0]"].InfinityCount);
        Assert.Equal((7, 33), (fromTensors["city"].NaNCount, fromTensors["city"].StringCount));
        Assert.Equal((1, -2.0), (fromTensors["h[1]"].NumericCount, fromTensors["h[1]"].Moments.Mean));
    }

    [Fact]
    public async Task Captured_tensors_take_the_feature_names_of_their_model_version()
    {
        var log = new ListLog();
        var profiles = new CaptureWindowProfiles("replica", featureNames: (_, _, _) => ValueTask.FromResult<IReadOnlyList<string>?>(["age", "income"]));
        await using (var capture = new PredictionCapture(log, TimeProvider.System, new PredictionCaptureOptions { FlushInterval = TimeSpan.Zero }, observer: profiles))
        {
            capture.TryCapture(Item("a", [new InferenceInput("input", OnnxTensor.FromArray(new[] { 30f, 1000f, 40f, 3000f }, 2, 2))], [new InferenceOutput("label", OnnxTensor.FromArray(new[] { 0L, 1L }, 2))]));
            await capture.FlushAsync(CancellationToken.None);
        }

        var store = ProfileStore.InMemory();
        await profiles.FlushAsync(store);
        var profile = (await store.LoadWindowAsync((await store.ListWindowsAsync("d", "1")).Single()))!.Profile!;

        Assert.Equal(["age", "income", "prediction.label"], profile.ColumnNames);
        Assert.Equal(2000, profile["income"].Moments.Mean, 9);
    }

    private sealed class ListLog : IPredictionLogStore
    {
        public List<PredictionRecord> Records { get; } = [];

        public Task AppendPredictionsAsync(IReadOnlyList<PredictionRecord> records, CancellationToken cancellationToken)
        {
            Records.AddRange(records);
            return Task.CompletedTask;
        }

        public Task<Page<PredictionRecord>> QueryPredictionsAsync(PredictionQuery query, CancellationToken cancellationToken) =>
            Task.FromResult(new Page<PredictionRecord>(Records, null));

        public Task<PredictionRecord?> GetPredictionAsync(string deployment, string requestId, CancellationToken cancellationToken) =>
            Task.FromResult(Records.LastOrDefault(r => r.RequestId == requestId));
    }
}
