using Crucible.Cli.Rendering;

namespace Crucible.Cli.Tests.Rendering;

public sealed class FormatsTests
{
    [Fact]
    public void Times_are_iso_8601_utc() => Assert.Equal("2023-11-14T22:13:20Z", Formats.Time(1_700_000_000_000));

    [Fact]
    public void Missing_times_and_values_are_dashes()
    {
        Assert.Equal("-", Formats.Time(null));
        Assert.Equal("-", Formats.Short(null));
        Assert.Equal("-", Formats.Duration(10, null));
    }

    [Theory]
    [InlineData(0, 4200, "4.2s")]
    [InlineData(0, 3_723_000, "1h 02m 03s")]
    [InlineData(0, 61_000, "1m 01s")]
    public void Durations_read_naturally(long start, long end, string expected) => Assert.Equal(expected, Formats.Duration(start, end));

    [Fact]
    public void Numbers_ignore_culture_and_keep_nan()
    {
        Assert.Equal("0.333333", Formats.Short(1.0 / 3));
        Assert.Equal("0.3333333333333333", Formats.Full(1.0 / 3));
        Assert.Equal("NaN", Formats.Short(double.NaN));
    }
}
