using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Windows;
using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Tests.Capture;

/// <summary>
/// Issue 13, item 10 at the depth issue 14 asks for: the drift report's windows carry feature names because they are
/// built with them (log-built windows and captured partials alike), not renamed afterwards.
/// </summary>
public sealed class FeatureNamedWindowsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ValueTask<IReadOnlyList<string>?> Names(string model, string version, CancellationToken _) =>
        ValueTask.FromResult<IReadOnlyList<string>?>(version == "1" ? ["tenure", "charges"] : null);

    private static PredictionRecord Record(string id, long ms, string inputs, string version = "1") =>
        new(id, "churn", "churn", version, ms, inputs, """{"probabilities":{"datatype":"FP32","shape":[1,1],"data":[0.5]}}""", 1.5, false);

    private static string Row(double tenure, double charges) =>
        $$$"""{"input":{"datatype":"FP32","shape":[1,2],"data":[{{{F(tenure)}}},{{{F(charges)}}}]}}""";

    private static string F(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Windows_built_from_the_log_take_the_feature_names_and_keep_their_statistics()
    {
        long t0 = Start.ToUnixTimeMilliseconds();
        var log = new PredictionProfilesTests.ListLog(
        [
            Record("a", t0 + 1, Row(1.5, 1.5)),
            Record("b", t0 + 2, Row(2.5, 2.5)),
            Record("c", t0 + 3_600_001, Row(1.5, 2.5)),
        ]);

        var windows = await PredictionProfiles.BuildWindowsAsync(log, "churn", Start, Start.AddHours(2), TimeSpan.FromHours(1), featureNames: Names);
        var ordinal = await PredictionProfiles.BuildWindowsAsync(log, "churn", Start, Start.AddHours(2), TimeSpan.FromHours(1));

        DatasetProfile first = windows[0].Profile.Profile;
        Assert.Equal(["charges", "prediction.probabilities[0]", "tenure"], first.ColumnNames);
        Assert.Equal(["charges", "prediction.probabilities[0]", "tenure"], windows[1].Profile.Profile.ColumnNames);
        Assert.Equal(2, first["tenure"].NumericCount);
        Assert.Equal(2.0, first["charges"].Moments.Mean, 12);
        Assert.Equal(ordinal[0].Profile.Profile.RowCount, first.RowCount);
        Assert.Equal(["input[0]", "input[1]", "prediction.probabilities[0]"], ordinal[0].Profile.Profile.ColumnNames);
    }

    [Fact]
    public async Task Names_that_do_not_fit_the_input_leave_the_columns_as_they_are()
    {
        long t0 = Start.ToUnixTimeMilliseconds();
        var log = new PredictionProfilesTests.ListLog(
        [
            Record("wide", t0 + 1, """{"input":{"datatype":"FP32","shape":[1,3],"data":[1,2,3]}}"""),
            Record("no-names", t0 + 2, Row(1, 2), version: "2"),
        ]);

        var windows = await PredictionProfiles.BuildWindowsAsync(log, "churn", Start, Start.AddHours(1), TimeSpan.FromHours(1), featureNames: Names);

        Assert.Equal(["input[0]", "input[1]", "input[2]", "prediction.probabilities[0]"], windows[0].Profile.Profile.ColumnNames);
    }

    [Fact]
    public async Task Captured_partials_are_stored_with_the_feature_names()
    {
        long t0 = Start.ToUnixTimeMilliseconds();
        var capture = new CaptureWindowProfiles("replica-a", featureNames: Names);
        await capture.ObserveAsync([Record("a", t0 + 1, Row(1.5, 1.5)), Record("b", t0 + 2, Row(2.5, 2.5)), Record("v2", t0 + 3, Row(9, 9), version: "2")]);
        var store = ProfileStore.InMemory();

        Assert.Equal(2, await capture.FlushAsync(store));

        DatasetProfile named = (await store.LoadWindowAsync(new WindowId("churn", "1", Start)))!.Profile!;
        Assert.Equal(["charges", "prediction.probabilities[0]", "tenure"], named.ColumnNames);
        Assert.Equal(2.0, named["tenure"].Moments.Mean, 12);
        DatasetProfile ordinal = (await store.LoadWindowAsync(new WindowId("churn", "2", Start)))!.Profile!;
        Assert.Equal(["input[0]", "input[1]", "prediction.probabilities[0]"], ordinal.ColumnNames);
    }
}
