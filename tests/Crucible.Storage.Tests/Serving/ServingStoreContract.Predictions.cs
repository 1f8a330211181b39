using Crucible.Core.Errors;
using Crucible.Core.Search;
using Crucible.Core.Serving;

namespace Crucible.Storage.Tests.Serving;

public abstract partial class ServingStoreContract
{
    protected IPredictionLogStore Predictions => Store.Predictions;

    protected static PredictionRecord Prediction(string requestId, long timestampMs, string deployment = "svc", bool shadow = false, string? outputs = null) =>
        new(requestId, deployment, "churn", shadow ? "2" : "1", timestampMs,
            $$$"""{"x":{"datatype":"FP32","shape":[1,2],"data":[1.5,{{{timestampMs}}}]}}""",
            outputs ?? """{"y":{"datatype":"FP32","shape":[1],"data":[0.25]}}""",
            LatencyMs: 1.25, Shadow: shadow);

    private Task<Core.Tracking.Page<PredictionRecord>> QueryAsync(
        long? from = null, long? to = null, int max = 1000, string? token = null, bool includeShadow = true, string deployment = "svc") =>
        Predictions.QueryPredictionsAsync(new PredictionQuery(deployment, from, to, max, token, includeShadow), Ct);

    [Fact]
    public async Task Appended_predictions_read_back_with_every_field_including_large_inputs_and_errors()
    {
        var large = "{\"x\":{\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"" + new string('é', 50_000) + new string('a', 50_000) + "\"]}}";
        PredictionRecord[] records =
        [
            new("req-1", "svc", "team/churn", "12", 1_000, large, """{"y":{"datatype":"INT64","shape":[1],"data":[1]}}""", 3.141592653589793, false),
            new("req-2", "svc", "team/churn", "12", 1_001, """{"x":{}}""", null, 0.5, false, "ONNX Runtime: input 'x' has shape [3] but the model expects [2]"),
            new("req-1", "svc", "team/churn", "13", 1_000, large, """{"y":{}}""", 7, true),
        ];
        await Predictions.AppendPredictionsAsync(records, Ct);

        var page = await QueryAsync();
        Assert.Equal([records[0], records[2], records[1]], page.Items);
        Assert.True(page.Items[0].Inputs.Length > 100_000);
        Assert.Equal(large, page.Items[0].Inputs);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task Paging_through_250_predictions_100_at_a_time_yields_each_once_oldest_first()
    {
        // Three predictions share each millisecond: the insertion sequence orders them within it.
        var records = Enumerable.Range(0, 250).Select(i => Prediction($"r{i:D3}", 10_000 + (i / 3))).ToList();
        await Predictions.AppendPredictionsAsync(records.Take(120).ToList(), Ct);
        await Predictions.AppendPredictionsAsync(records.Skip(120).ToList(), Ct);

        var seen = new List<PredictionRecord>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = await QueryAsync(max: 100, token: token);
            sizes.Add(page.Items.Count);
            seen.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal([100, 100, 50], sizes);
        Assert.Equal(records.Select(r => r.RequestId), seen.Select(r => r.RequestId));
        Assert.Equal(records, seen);
    }

    [Fact]
    public async Task A_batch_of_1200_is_one_append_and_keeps_its_order()
    {
        var records = Enumerable.Range(0, 1_200).Select(i => Prediction($"b{i:D4}", 5_000, shadow: i % 10 == 0)).ToList();
        await Predictions.AppendPredictionsAsync(records, Ct);

        var first = await QueryAsync(max: 1000);
        var rest = await QueryAsync(max: 1000, token: first.NextPageToken);
        Assert.Equal(records, first.Items.Concat(rest.Items));
        Assert.Null(rest.NextPageToken);
    }

    [Fact]
    public async Task Time_range_is_from_inclusive_to_exclusive()
    {
        await Predictions.AppendPredictionsAsync([Prediction("t10", 10), Prediction("t20", 20), Prediction("t30", 30), Prediction("t40", 40)], Ct);

        async Task<string[]> IdsAsync(long? from, long? to) => [.. (await QueryAsync(from, to)).Items.Select(p => p.RequestId)];
        Assert.Equal(["t20", "t30"], await IdsAsync(20, 40));
        Assert.Equal(["t30", "t40"], await IdsAsync(21, null));
        Assert.Equal(["t10", "t20", "t30"], await IdsAsync(null, 40));
        Assert.Equal(["t10", "t20", "t30", "t40"], await IdsAsync(null, null));
        Assert.Empty(await IdsAsync(20, 20));
        Assert.Empty(await IdsAsync(41, null));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => QueryAsync(30, 20));
    }

    [Fact]
    public async Task Shadow_predictions_are_left_out_on_request_and_other_deployments_never_show()
    {
        await Predictions.AppendPredictionsAsync(
        [
            Prediction("a", 1), Prediction("a", 1, shadow: true), Prediction("b", 2), Prediction("b", 2, shadow: true),
            Prediction("c", 3, deployment: "other"),
        ], Ct);

        var all = await QueryAsync();
        Assert.Equal([false, true, false, true], all.Items.Select(p => p.Shadow));
        var served = await QueryAsync(includeShadow: false);
        Assert.Equal(["a", "b"], served.Items.Select(p => p.RequestId));
        Assert.All(served.Items, p => Assert.False(p.Shadow));

        // Paging counts only what the filter keeps.
        var page = await QueryAsync(max: 1, includeShadow: false);
        var next = await QueryAsync(max: 1, includeShadow: false, token: page.NextPageToken);
        Assert.Equal(["a", "b"], page.Items.Concat(next.Items).Select(p => p.RequestId));
        Assert.Null(next.NextPageToken);

        Assert.Equal(["c"], (await QueryAsync(deployment: "other")).Items.Select(p => p.RequestId));
        Assert.Empty((await QueryAsync(deployment: "none")).Items);
    }

    [Fact]
    public async Task Get_prediction_returns_the_newest_served_record_for_a_reused_id()
    {
        await Predictions.AppendPredictionsAsync([Prediction("id-1", 100, outputs: "{\"old\":{}}")], Ct);
        await Predictions.AppendPredictionsAsync(
        [
            Prediction("id-1", 300, outputs: "{\"new\":{}}"),
            Prediction("id-1", 200, outputs: "{\"middle\":{}}"),
            Prediction("id-1", 400, shadow: true, outputs: "{\"shadow\":{}}"),
            Prediction("id-1", 500, deployment: "other", outputs: "{\"other\":{}}"),
            Prediction("only-shadow", 100, shadow: true),
        ], Ct);

        var found = await Predictions.GetPredictionAsync("svc", "id-1", Ct);
        Assert.NotNull(found);
        Assert.Equal(("{\"new\":{}}", 300L, false), (found.Outputs, found.TimestampMs, found.Shadow));

        // Same timestamp: the later append is the newer.
        await Predictions.AppendPredictionsAsync([Prediction("id-1", 300, outputs: "{\"newest\":{}}")], Ct);
        Assert.Equal("{\"newest\":{}}", (await Predictions.GetPredictionAsync("svc", "id-1", Ct))!.Outputs);

        Assert.Null(await Predictions.GetPredictionAsync("svc", "missing", Ct));
        Assert.Null(await Predictions.GetPredictionAsync("svc", "only-shadow", Ct));
        Assert.Null(await Predictions.GetPredictionAsync("none", "id-1", Ct));
    }

    [Fact]
    public async Task A_batch_with_an_invalid_record_writes_nothing()
    {
        var good = Enumerable.Range(0, 20).Select(i => Prediction($"g{i}", i)).ToList();
        var noInputs = good.Take(10).Append(Prediction("bad", 10) with { Inputs = null! }).Concat(good.Skip(10)).ToList();
        var e = await FailsAsync(ErrorCode.InvalidParameterValue, () => Predictions.AppendPredictionsAsync(noInputs, Ct));
        Assert.Contains("bad", e.Message, StringComparison.Ordinal);
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Predictions.AppendPredictionsAsync([.. good, Prediction("nan", 1) with { LatencyMs = double.NaN }], Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Predictions.AppendPredictionsAsync([.. good, Prediction("", 1)], Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Predictions.AppendPredictionsAsync([.. good, null!], Ct));
        Assert.Empty((await QueryAsync()).Items);

        await Predictions.AppendPredictionsAsync([], Ct);
        await Predictions.AppendPredictionsAsync(good, Ct);
        Assert.Equal(20, (await QueryAsync()).Items.Count);
    }

    [Fact]
    public async Task Concurrent_appends_all_land()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
            Predictions.AppendPredictionsAsync(Enumerable.Range(0, 50).Select(i => Prediction($"w{w}-{i}", i)).ToList(), Ct))));

        var ids = (await QueryAsync(max: 1000)).Items.Select(p => p.RequestId).ToList();
        Assert.Equal(400, ids.Count);
        Assert.Equal(400, ids.Distinct().Count());
    }

    [Fact]
    public async Task Page_size_and_token_are_checked()
    {
        await FailsAsync(ErrorCode.InvalidParameterValue, () => QueryAsync(max: 0));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => QueryAsync(max: 1001));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => QueryAsync(token: "not a token"));
        Assert.Empty((await QueryAsync(token: PageToken.Encode(5))).Items);
    }

    [Fact]
    public async Task Predictions_outlive_their_deployment()
    {
        await Deployments.CreateDeploymentAsync(Spec("svc"), Ct);
        await Predictions.AppendPredictionsAsync([Prediction("kept", 1)], Ct);
        await Deployments.DeleteDeploymentAsync("svc", Ct);
        Assert.Equal("kept", (await Predictions.GetPredictionAsync("svc", "kept", Ct))!.RequestId);
    }
}
