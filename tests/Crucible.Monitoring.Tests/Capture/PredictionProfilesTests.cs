using Crucible.Core.Serving;
using Crucible.Core.Tracking;
using Crucible.Monitoring.Capture;

namespace Crucible.Monitoring.Tests.Capture;

public sealed class PredictionProfilesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PredictionRecord Record(string id, long ms, string inputs, string? outputs = null, bool shadow = false) =>
        new(id, "churn", "churn", "1", ms, inputs, outputs, 1.5, shadow);

    private static string Matrix(string name, int rows, int columns, Func<int, int, double> value)
    {
        var data = string.Join(",", Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, columns).Select(c => value(r, c).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return $$$"""{"{{{name}}}":{"datatype":"FP32","shape":[{{{rows}}},{{{columns}}}],"data":[{{{data}}}]}}""";
    }

    [Fact]
    public void Tensors_are_flattened_per_row_into_input_and_prediction_columns()
    {
        var records = new[]
        {
            Record("a", 1, Matrix("x", 2, 3, (r, c) => (10 * r) + c), """{"y":{"datatype":"FP32","shape":[2],"data":[0.5,0.25]}}"""),
            Record("b", 2, Matrix("x", 1, 3, (r, c) => 100 + c), """{"y":{"datatype":"FP32","shape":[1],"data":[1]}}"""),
        };

        var result = PredictionProfiles.Build(records);

        Assert.Equal(2, result.Records);
        Assert.Equal(0, result.DataQualityIssues);
        Assert.Equal(3, result.Profile.RowCount);
        Assert.Equal(["prediction.y", "x[0]", "x[1]", "x[2]"], result.Profile.ColumnNames);
        Assert.Equal(3, result.Profile["x[2]"].NumericCount);
        Assert.Equal(0, result.Profile["x[2]"].NullCount);
        Assert.Equal((2 + 12 + 102) / 3.0, result.Profile["x[2]"].Moments.Mean, 9);
        Assert.Equal(1.75 / 3, result.Profile["prediction.y"].Moments.Mean, 9);
    }

    [Fact]
    public void A_corrupted_record_is_counted_and_skipped_whole()
    {
        var records = new[]
        {
            Record("good", 1, Matrix("x", 1, 2, (_, c) => c)),
            Record("bad-json", 2, """{"x": {"shape": [1, 2], "data": [1,"""),
            Record("bad-shape", 3, """{"x":{"datatype":"FP32","shape":[2,2],"data":[1,2,3]}}"""),
            Record("rows-disagree", 4, Matrix("x", 1, 2, (_, c) => c), Matrix("y", 3, 1, (_, _) => 0)),
            Record("not-an-object", 5, "[1,2]"),
            Record("shadow", 6, "not even json", shadow: true),
        };

        var result = PredictionProfiles.Build(records);

        Assert.Equal(5, result.Records);
        Assert.Equal(4, result.DataQualityIssues);
        Assert.Equal(1, result.Profile.RowCount);
        Assert.Equal(["x[0]", "x[1]"], result.Profile.ColumnNames);
        Assert.Contains(result.Problems, p => p.Contains("bad-json", StringComparison.Ordinal) && p.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("bad-shape", StringComparison.Ordinal) && p.Contains("3 values", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("rows-disagree", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_log_is_read_page_by_page_within_the_window_without_shadows()
    {
        var records = Enumerable.Range(0, 2_500)
            .Select(i => Record($"r{i}", Start.AddSeconds(i).ToUnixTimeMilliseconds(), $$$"""{"x":{"datatype":"FP64","shape":[1],"data":[{{{i}}}]}}""", shadow: i % 10 == 9))
            .ToList();
        var log = new ListLog(records);

        var result = await PredictionProfiles.BuildAsync(log, "churn", Start.AddSeconds(100), Start.AddSeconds(2_300));

        Assert.Equal(2_200 - 220, result.Records);
        Assert.Equal(2_200 - 220, result.Profile.RowCount);
        Assert.True(log.Pages >= 2, $"read {log.Pages} pages");
        Assert.Equal(100, result.Profile["x"].Moments.Min);
        Assert.Equal(2_298, result.Profile["x"].Moments.Max);
        Assert.Equal(Start.AddSeconds(100), result.Profile.WindowStart);
        Assert.Equal("churn", result.Profile.Tags["deployment"]);
    }

    [Fact]
    public async Task Feature_names_of_the_model_version_name_the_columns_of_a_single_matching_input()
    {
        var asked = new List<string>();
        ValueTask<IReadOnlyList<string>?> Names(string model, string version, CancellationToken _)
        {
            asked.Add($"{model}/{version}");
            return ValueTask.FromResult<IReadOnlyList<string>?>(version == "1" ? ["tenure", "charges"] : null);
        }

        var t0 = Start.ToUnixTimeMilliseconds();
        var two = """{"a":{"datatype":"FP32","shape":[1,2],"data":[1,2]},"b":{"datatype":"FP32","shape":[1],"data":[3]}}""";
        var records = new List<PredictionRecord>
        {
            Record("named", t0 + 1, Matrix("input", 1, 2, (_, c) => c), """{"y":{"datatype":"FP32","shape":[1,2],"data":[0.5,0.5]}}"""),
            Record("named-again", t0 + 2, Matrix("input", 2, 2, (_, c) => c)),
            new("no-metadata", "churn", "churn", "2", t0 + 3, Matrix("input", 1, 2, (_, c) => c), null, 1, false),
            Record("width-differs", t0 + 4, Matrix("wide", 1, 3, (_, c) => c)),
            Record("two-inputs", t0 + 5, two),
        };

        var result = await PredictionProfiles.BuildAsync(new ListLog(records), "churn", Start, Start.AddSeconds(1), featureNames: Names);

        Assert.Equal(0, result.DataQualityIssues);
        Assert.Equal(["a[0]", "a[1]", "b", "charges", "input[0]", "input[1]", "prediction.y[0]", "prediction.y[1]", "tenure", "wide[0]", "wide[1]", "wide[2]"], result.Profile.ColumnNames);
        Assert.Equal(3, result.Profile["tenure"].NumericCount);
        Assert.Equal(1, result.Profile["input[1]"].NumericCount);
        Assert.Equal(["churn/1", "churn/2"], asked);
    }

    /// <summary>The store's paging contract over a list (the SQL stores are tested against it in Storage.Tests).</summary>
    internal sealed class ListLog(List<PredictionRecord> records) : IPredictionLogStore
    {
        public int Pages { get; private set; }

        public Task AppendPredictionsAsync(IReadOnlyList<PredictionRecord> records, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Page<PredictionRecord>> QueryPredictionsAsync(PredictionQuery query, CancellationToken cancellationToken)
        {
            Pages++;
            var offset = query.PageToken is null ? 0 : int.Parse(query.PageToken, System.Globalization.CultureInfo.InvariantCulture);
            var size = Math.Min(query.MaxResults, 1_000);
            var matching = records.Where(r => r.Deployment == query.Deployment && r.TimestampMs >= query.FromMs && r.TimestampMs < query.ToMs && (query.IncludeShadow || !r.Shadow)).ToList();
            var page = matching.Skip(offset).Take(size).ToList();
            var next = offset + size < matching.Count ? (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new Page<PredictionRecord>(page, next));
        }

        public Task<PredictionRecord?> GetPredictionAsync(string deployment, string requestId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
