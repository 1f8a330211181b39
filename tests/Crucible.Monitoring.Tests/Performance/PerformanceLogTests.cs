using Crucible.Core.Serving;
using Crucible.Monitoring.Performance;

namespace Crucible.Monitoring.Tests.Performance;

public sealed class PerformanceLogTests
{
    private static PredictionRecord Record(string id, long ts, string? outputs, bool shadow = false) =>
        new(id, "svc", "m", "1", ts, """{"x":{"datatype":"FP32","shape":[1,1],"data":[0]}}""", outputs, 1, shadow);

    [Fact]
    public void The_first_float_output_gives_the_score_column_1_of_two_and_labels_join_single_row_requests()
    {
        const string Classifier = """{"label":{"datatype":"INT64","shape":[1],"data":[1]},"probabilities":{"datatype":"FP32","shape":[1,2],"data":[0.3,0.7]}}""";
        const string TwoRows = """{"label":{"datatype":"INT64","shape":[2],"data":[1,0]},"probabilities":{"datatype":"FP32","shape":[2,2],"data":[0.1,0.9,0.8,0.2]}}""";
        var data = PerformanceLog.Read(
            [
                Record("a", 1, Classifier),
                Record("b", 2, TwoRows),
                Record("s", 3, Classifier, shadow: true),
                Record("failed", 4, null),
                Record("bad", 5, "{\"probabilities\": [1"),
                Record("wide", 6, """{"probabilities":{"datatype":"FP32","shape":[1,3],"data":[0.1,0.2,0.7]}}"""),
            ],
            new Dictionary<string, double> { ["a"] = 1, ["b"] = 0 });

        Assert.Equal(("probabilities", true), (data.ScoreOutput, data.TwoColumns));
        Assert.Equal(
            [new PerformanceRow(1, "a", 0.7, 1), new PerformanceRow(2, "b", 0.9, null), new PerformanceRow(2, "b", 0.2, null)],
            data.Rows);
        Assert.Equal(1, data.LabelledRows);
        Assert.Equal(3, data.DataQualityIssues); // b is labelled but has two rows; bad JSON; a [1, 3] score tensor
        Assert.Contains(data.Problems, p => p.Contains("'b'", StringComparison.Ordinal) && p.Contains("2 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void A_named_output_overrides_the_choice_and_a_missing_one_is_an_issue()
    {
        const string Outputs = """{"p":{"datatype":"FP64","shape":[1],"data":[0.25]},"q":{"datatype":"FP32","shape":[1,1],"data":[0.75]}}""";
        var first = PerformanceLog.Read([Record("a", 1, Outputs)], new Dictionary<string, double>());
        Assert.Equal(0.25, Assert.Single(first.Rows).Score);
        var named = PerformanceLog.Read([Record("a", 1, Outputs), Record("b", 2, """{"p":{"datatype":"FP64","shape":[1],"data":[0.5]}}""")], new Dictionary<string, double>(), "q");
        Assert.Equal((0.75, "q", false), (Assert.Single(named.Rows).Score, named.ScoreOutput, named.TwoColumns));
        Assert.Equal(1, named.DataQualityIssues);
        Assert.Contains("no output named 'q'", named.Problems[0], StringComparison.Ordinal);
    }
}
