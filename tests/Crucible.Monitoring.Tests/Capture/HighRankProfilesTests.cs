using System.Globalization;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Drift;

namespace Crucible.Monitoring.Tests.Capture;

/// <summary>Issue 13 item 5: tensors that are not tabular get a fixed set of columns, whatever their size.</summary>
public sealed class HighRankProfilesTests
{
    private static PredictionRecord Record(string id, string inputs) => new(id, "vol", "vol", "1", 1, inputs, null, 1.0, false);

    private static string Numbers(IEnumerable<double> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>A [1, 3, 32, 32, 32] record as capture logs it: each row sampled with stride 96 (1,024 of 98,304 elements).</summary>
    private static string SampledVolume(Func<int, double> valueOfChannel)
    {
        const long width = 3 * 32 * 32 * 32;
        long stride = CaptureLimits.Stride(width);
        var sample = Enumerable.Range(0, (int)CaptureLimits.SampledWidth(width, stride)).Select(m => valueOfChannel((int)(m * stride / (width / 3))));
        return $$$"""{"x":{"datatype":"FP32","shape":[1,{{{CaptureLimits.SampledWidth(width, stride)}}}],"data":[{{{Numbers(sample)}}}],"sampled_from":[1,3,32,32,32],"sample_stride":{{{stride}}}}}""";
    }

    [Fact]
    public void A_volume_gets_summary_and_per_channel_columns_instead_of_one_column_per_element()
    {
        var result = PredictionProfiles.Build([Record("a", SampledVolume(c => c + 1)), Record("b", SampledVolume(c => 10 * (c + 1)))]);

        Assert.Equal(0, result.DataQualityIssues);
        Assert.Equal(2, result.Profile.RowCount);
        Assert.Equal(9 + (2 * 3), result.Profile.ColumnNames.Count);
        Assert.Equal((2 + 20) / 2.0, result.Profile["x.channel[1].mean"].Moments.Mean, 9);
        Assert.Equal(0, result.Profile["x.channel[2].std"].Moments.Mean, 9);
        Assert.Equal((1 + 10) / 2.0, result.Profile["x.min"].Moments.Mean, 9);
        Assert.Equal((3 + 30) / 2.0, result.Profile["x.max"].Moments.Mean, 9);
        Assert.Equal(2, result.Profile["x.zero_fraction"].NumericCount);
    }

    [Fact]
    public void A_whole_high_rank_tensor_is_sampled_by_the_same_rule_as_capture()
    {
        // [2, 2, 3, 3] logged whole (an old record): 18 elements per row, so no sampling, two channels of 9.
        var data = Enumerable.Range(0, 36).Select(i => (double)(i / 9));
        var result = PredictionProfiles.Build([Record("a", $$$"""{"x":{"datatype":"FP32","shape":[2,2,3,3],"data":[{{{Numbers(data)}}}]}}""")]);

        Assert.Equal(2, result.Profile.RowCount);
        Assert.Equal((0 + 2) / 2.0, result.Profile["x.channel[0].mean"].Moments.Mean, 9);
        Assert.Equal((1 + 3) / 2.0, result.Profile["x.channel[1].mean"].Moments.Mean, 9);
        Assert.Equal(1.5, result.Profile["x.mean"].Moments.Mean, 9);
        Assert.Equal(0.25, result.Profile["x.zero_fraction"].Moments.Mean, 9);
        Assert.DoesNotContain("x[0]", result.Profile.ColumnNames);
    }

    [Fact]
    public void A_tabular_input_wider_than_the_cap_is_summarised_and_a_narrow_one_stays_per_column()
    {
        var wide = $$$"""{"x":{"datatype":"FP32","shape":[1,{{{PredictionProfiles.MaxTabularColumns + 1}}}],"data":[{{{Numbers(Enumerable.Range(0, PredictionProfiles.MaxTabularColumns + 1).Select(i => (double)i))}}}]}}""";
        var narrow = $$$"""{"x":{"datatype":"FP32","shape":[1,{{{PredictionProfiles.MaxTabularColumns}}}],"data":[{{{Numbers(Enumerable.Range(0, PredictionProfiles.MaxTabularColumns).Select(i => (double)i))}}}]}}""";

        var summarised = PredictionProfiles.Build([Record("w", wide)]).Profile;
        var columns = PredictionProfiles.Build([Record("n", narrow)]).Profile;

        Assert.Equal(9, summarised.ColumnNames.Count);
        Assert.Equal(128, summarised["x.p50"].Moments.Mean, 9);
        Assert.Equal(PredictionProfiles.MaxTabularColumns, columns.ColumnNames.Count);
        Assert.Contains("x[255]", columns.ColumnNames);
    }

    [Fact]
    public void A_sample_whose_shape_does_not_match_its_original_is_a_data_quality_issue()
    {
        var bad = """{"x":{"datatype":"FP32","shape":[1,3],"data":[1,2,3],"sampled_from":[1,3,32,32,32],"sample_stride":96}}""";

        var result = PredictionProfiles.Build([Record("bad", bad)]);

        Assert.Equal(1, result.DataQualityIssues);
        Assert.Contains(result.Problems, p => p.Contains("not a sample of", StringComparison.Ordinal));
    }

    [Fact]
    public void Drift_is_found_on_the_per_channel_columns()
    {
        var random = new Random(5);
        var reference = PredictionProfiles.Build(Enumerable.Range(0, 200).Select(i => Record($"r{i}", SampledVolume(c => random.NextDouble())))).Profile;
        var same = PredictionProfiles.Build(Enumerable.Range(0, 200).Select(i => Record($"s{i}", SampledVolume(c => random.NextDouble())))).Profile;
        var brighter = PredictionProfiles.Build(Enumerable.Range(0, 200).Select(i => Record($"b{i}", SampledVolume(c => random.NextDouble() + (c == 1 ? 0.5 : 0))))).Profile;

        var unchanged = ProfileDrift.Compute(reference, same);
        var shifted = ProfileDrift.Compute(reference, brighter);

        Assert.False(unchanged.Columns.Single(c => c.Column == "x.channel[1].mean").Drift);
        Assert.True(shifted.Columns.Single(c => c.Column == "x.channel[1].mean").Drift);
        Assert.False(shifted.Columns.Single(c => c.Column == "x.channel[0].mean").Drift);
    }
}
