using System.Globalization;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Reports;
using Crucible.Monitoring.Tests.Capture;
using Crucible.Stats.Tests.Profiles;
using Crucible.Monitoring.Windows;

namespace Crucible.Monitoring.Tests.Reports;

public sealed class DriftTimelineReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_corrupt_partial_is_reported_and_skipped_and_the_report_still_renders()
    {
        var rng = new Random(5);
        var store = ProfileStore.InMemory();
        DatasetProfile reference = ProfileData.Random(rng, 2_000);
        await store.SavePartialAsync(new WindowKey("fraud", "3", Start, "r0"), ProfileData.Random(rng, 500));
        store.PutBlob(new WindowKey("fraud", "3", Start, "r1"), [(byte)'C', (byte)'R', (byte)'P', (byte)'F', 1, 0, 9]);
        await store.SavePartialAsync(new WindowKey("fraud", "3", Start.AddHours(1), "r0"), ProfileData.Random(rng, 500, shift: 2));
        store.PutBlob(new WindowKey("fraud", "3", Start.AddHours(2), "r0"), [1, 2, 3]);

        string html = await DriftTimelineReport.RenderFromStoreAsync(store, "fraud", "3", reference, new DriftOptions { Columns = ["x"] });

        Assert.Equal(
            "1 of 2 windows with data drifted; 1 windows had no rows; first drift in the window starting 2026-01-01 01:00 UTC; 2 unreadable partials or records skipped.",
            Summary(html));
        Assert.Contains("latest with data 2026-01-01 01:00 UTC", html, StringComparison.Ordinal);
        Assert.Contains("Dataset drift DETECTED", html, StringComparison.Ordinal);
        Assert.Contains("Drifted share over time", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_rows_in_range_the_page_says_so()
    {
        var rng = new Random(6);
        var empty = new TimelineWindow(new WindowId("d", "1", Start), null, ["replica 'r0': bad checksum"]);

        string html = DriftTimelineReport.Render(ProfileData.Random(rng, 100), [empty]);

        Assert.Equal("0 of 0 windows with data drifted; 1 windows had no rows; 1 unreadable partials or records skipped.", Summary(html));
        Assert.Contains("No window in the range has readable rows", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Windows_of_the_prediction_log_are_read_once_and_cut_at_the_range_end()
    {
        var records = Enumerable.Range(0, 250)
            .Select(i => new PredictionRecord(
                $"r{i}", "churn", "churn", "1", Start.AddMinutes(i).ToUnixTimeMilliseconds(),
                string.Create(CultureInfo.InvariantCulture, $$$"""{"x":{"datatype":"FP64","shape":[1],"data":[{{{i}}}]}}"""), null, 1, false))
            .ToList();
        var log = new PredictionProfilesTests.ListLog(records);

        IReadOnlyList<PredictionWindow> windows = await PredictionProfiles.BuildWindowsAsync(log, "churn", Start, Start.AddMinutes(150), TimeSpan.FromHours(1));

        Assert.Equal([Start, Start.AddHours(1), Start.AddHours(2)], windows.Select(w => w.Start));
        Assert.Equal(Start.AddMinutes(150), windows[^1].End);
        Assert.Equal([60L, 60L, 30L], windows.Select(w => w.Profile.Profile.RowCount));
        Assert.Equal(120, windows[2].Profile.Profile["x"].Moments.Min);
        Assert.Equal(1, log.Pages);
        await Assert.ThrowsAsync<ArgumentException>(() => PredictionProfiles.BuildWindowsAsync(log, "churn", Start, Start, TimeSpan.FromHours(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => PredictionProfiles.BuildWindowsAsync(log, "churn", Start, Start.AddDays(1000), TimeSpan.FromMinutes(1)));
    }

    private static string Summary(string html)
    {
        int start = html.IndexOf("</h1><p>", StringComparison.Ordinal) + "</h1><p>".Length;
        return System.Net.WebUtility.HtmlDecode(html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)]);
    }
}
