using System.Globalization;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Windows;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Profiles;

/// <summary>Two replicas (two stores open on one SQLite file) profile captured predictions of the same hour.</summary>
public sealed class CaptureProfilesTests : IDisposable
{
    private const long Hour = 3_600_000;
    private static readonly long Hour0 = 1_700_000_000_000 - (1_700_000_000_000 % Hour);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static PredictionRecord Record(int i, string version = "3", long? at = null)
    {
        double x = X(i);
        string inputs = string.Create(CultureInfo.InvariantCulture, $$$"""{"features":{"datatype":"FP32","shape":[1,2],"data":[{{{x}}},{{{i % 7}}}]}}""");
        string outputs = string.Create(CultureInfo.InvariantCulture, $$$"""{"label":{"datatype":"INT64","shape":[1],"data":[{{{i % 2}}}]}}""");
        return new PredictionRecord($"r{i}", "churn", "churn-model", version, at ?? Hour0 + (i * 1000L % Hour), inputs, outputs, 1.5, false);
    }

    private static double X(int i) => (i * 37 % 500) / 10.0;

    [Fact]
    public async Task Partials_of_two_replicas_merge_to_the_profile_of_all_captured_rows()
    {
        string uri = "sqlite:///" + _dir.File("crucible.db");
        var clock = new ManualTimeProvider();
        await using MetadataStore first = await MetadataStore.OpenAsync(uri, new MetadataStoreOptions(), clock, CancellationToken.None);
        await using MetadataStore second = await MetadataStore.OpenAsync(uri, new MetadataStoreOptions(), clock, CancellationToken.None);
        var a = new CaptureWindowProfiles("host-a-1");
        var b = new CaptureWindowProfiles("host-b-2");
        var records = Enumerable.Range(0, 3000).Select(i => Record(i)).ToList();

        // Replica a sees a batch, a flush, then many small batches (late rows merge into its partial); b one batch.
        await a.ObserveAsync(records[..1000]);
        Assert.Equal(1, await a.FlushAsync(new ProfileStore(first.Profiles)));
        foreach (PredictionRecord[] batch in records[1000..1800].Chunk(25))
        {
            await a.ObserveAsync(batch); // 32 small batches: added to one running profile of the window
        }

        await b.ObserveAsync([.. records[1800..], Record(9, version: "4"), Record(10, at: Hour0 + Hour) with { Shadow = true }]);
        Assert.Equal(1, await a.FlushAsync(new ProfileStore(first.Profiles)));
        Assert.Equal(2, await b.FlushAsync(new ProfileStore(second.Profiles)));
        Assert.Equal(0, a.PendingWindows + b.PendingWindows);

        var window = new WindowId("churn", "3", DateTimeOffset.FromUnixTimeMilliseconds(Hour0));
        MergedWindow merged = (await new ProfileStore(first.Profiles).LoadWindowAsync(window))!;
        Assert.Equal((2, 0), (merged.Partials, merged.Problems.Count));
        DatasetProfile expected = PredictionProfiles.Build(records).Profile;
        DatasetProfile actual = merged.Profile!;
        Assert.Equal(3000, actual.RowCount);
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(["features[0]", "features[1]", "prediction.label"], actual.ColumnNames);
        foreach (string column in actual.ColumnNames)
        {
            Assert.Equal(expected[column].Count, actual[column].Count);
            Assert.Equal(expected[column].Moments.Mean, actual[column].Moments.Mean, 9);
        }

        var sorted = Enumerable.Range(0, 3000).Select(X).Order().ToArray();
        double eps = actual["features[0]"].Quantiles.NormalizedRankError(pmf: false);
        foreach (double q in new[] { 0.25, 0.5, 0.75 })
        {
            double rank = sorted.Count(v => v <= actual["features[0]"].Quantiles.Quantile(q)) / (double)sorted.Length;
            Assert.InRange(rank, q - (2 * eps), q + (2 * eps));
        }

        Assert.Equal(1, (await new ProfileStore(second.Profiles).LoadWindowAsync(window with { ModelVersion = "4" }))!.Profile!.RowCount);
        Assert.Null(await new ProfileStore(second.Profiles).LoadWindowAsync(window with { WindowStart = window.WindowStart.AddHours(1) }));
    }
}
