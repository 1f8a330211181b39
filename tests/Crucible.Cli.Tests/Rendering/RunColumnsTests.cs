using Crucible.Cli.Rendering;

namespace Crucible.Cli.Tests.Rendering;

public sealed class RunColumnsTests
{
    private static readonly string[][] Keys = [["b", "a", "c", "d"], ["a", "b"], ["a", "z"]];

    [Fact]
    public void Most_common_keys_come_first_with_ties_by_name() =>
        Assert.Equal(["a", "b", "c"], RunColumns.Pick(Keys, [], metrics: true));

    [Fact]
    public void Keys_named_in_order_by_come_before_common_ones() =>
        Assert.Equal(["z", "a", "b"], RunColumns.Pick(Keys, ["metrics.z DESC"], metrics: true));

    [Fact]
    public void Order_by_keys_no_run_has_are_ignored() =>
        Assert.Equal(["a", "b", "c"], RunColumns.Pick(Keys, ["metrics.missing"], metrics: true));

    [Theory]
    [InlineData("metrics.rmse DESC", "rmse")]
    [InlineData("metric.`val loss` asc", "val loss")]
    [InlineData("metrics.\"a.b\"", "a.b")]
    [InlineData("params.lr", null)]
    [InlineData("attributes.start_time DESC", null)]
    public void Order_key_reads_metric_clauses(string clause, string? expected) =>
        Assert.Equal(expected, RunColumns.OrderKey(clause, ["metrics.", "metric."]));
}
