using Crucible.Monitoring.Profiles;
using Crucible.Monitoring.Reports;
using Crucible.Monitoring.Windows;

namespace Crucible.Monitoring.Tests.Reports;

/// <summary>Issue 13, item 10: the drift-over-time report shows feature names instead of <c>input[j]</c>.</summary>
public sealed class TimelineColumnsTests
{
    private static DatasetProfile Profile(params string[] columns)
    {
        var builder = new ProfileBuilder();
        foreach (var column in columns)
        {
            builder.Add(column, 1.5);
            builder.Add(column, 2.5);
        }

        return builder.Build();
    }

    [Fact]
    public void Ordinal_input_columns_take_the_feature_names_in_every_profile_and_keep_their_statistics()
    {
        var reference = Profile("input[0]", "input[1]", "prediction.probabilities[0]");
        var window = new TimelineWindow(new WindowId("d", "all", DateTimeOffset.UnixEpoch), Profile("input[0]", "input[1]"), []);

        var (named, windows) = TimelineColumns.Name(reference, [window], ["tenure", "charges"]);

        Assert.Equal(["charges", "prediction.probabilities[0]", "tenure"], named.ColumnNames);
        Assert.Equal(["charges", "tenure"], windows[0].Profile!.ColumnNames);
        Assert.Equal(2, named["tenure"].NumericCount);
        Assert.Equal(2.0, named["charges"].Moments.Mean, 12);
        Assert.Equal(reference.RowCount, named.RowCount);
        Assert.Equal(["input[0]", "input[1]", "prediction.probabilities[0]"], reference.ColumnNames);
    }

    [Theory]
    [InlineData(new[] { "a" }, new[] { "input[0]", "input[1]" })]
    [InlineData(new[] { "a", "b" }, new[] { "x[0]", "x[1]", "y[0]", "y[1]" })]
    [InlineData(new[] { "a", "a" }, new[] { "input[0]", "input[1]" })]
    [InlineData(new[] { "a", "b" }, new[] { "input[0]", "input[1]", "b" })]
    public void Names_that_do_not_fit_one_input_leave_the_columns_as_they_are(string[] names, string[] columns)
    {
        var profile = Profile(columns);

        Assert.Empty(TimelineColumns.Map(profile, names));
        Assert.Same(profile, TimelineColumns.Name(profile, [], names).Reference);
    }
}
