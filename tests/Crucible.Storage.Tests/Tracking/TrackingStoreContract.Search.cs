using Crucible.Core.Errors;
using Crucible.Core.Tracking;

namespace Crucible.Storage.Tests.Tracking;

public abstract partial class TrackingStoreContract
{
    private async Task<(string Experiment, List<string> Runs)> SeedSearchAsync()
    {
        var experiment = await Store.Experiments.CreateExperimentAsync("search-" + Guid.NewGuid().ToString("N")[..8], null, [], Ct);
        var runs = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var runId = await NewRunAsync(experiment, startTime: 1000 + i);
            runs.Add(runId);
            var metrics = i == 5 ? new List<Metric>() : [new Metric("rmse", i * 0.1, 1, 0)];
            await Store.Runs.LogBatchAsync(runId, new LogBatch(metrics, [new Param("model", i % 2 == 0 ? "tree" : "linear")], [new Tag("owner", i < 3 ? "Ann" : "bob")]), Ct);
        }

        return (experiment, runs);
    }

    private async Task<List<string>> SearchAsync(string experiment, string? filter, params string[] orderBy)
    {
        var page = await Store.Runs.SearchRunsAsync(new RunSearchQuery([experiment], filter, ViewType.ActiveOnly, 100, orderBy, null), Ct);
        return page.Items.Select(r => r.Info.RunId).ToList();
    }

    [Fact]
    public async Task Search_filters_on_metrics_params_tags_and_attributes()
    {
        var (e, runs) = await SeedSearchAsync();
        Assert.Equal([runs[2], runs[1], runs[0]], await SearchAsync(e, "metrics.rmse < 0.25"));
        Assert.Equal([runs[2], runs[0]], await SearchAsync(e, "metrics.rmse < 0.25 and params.model = 'tree'"));
        Assert.Equal([runs[4], runs[2], runs[0]], await SearchAsync(e, "params.model != 'linear'"));
        Assert.Equal([runs[5], runs[4], runs[3]], await SearchAsync(e, "tags.owner LIKE 'b%'"));
        Assert.Empty(await SearchAsync(e, "tags.owner LIKE 'ANN'"));
        Assert.Equal([runs[2], runs[1], runs[0]], await SearchAsync(e, "tags.owner ILIKE 'ANN'"));
        Assert.Equal([runs[1]], await SearchAsync(e, $"attributes.run_id = '{runs[1]}'"));
        Assert.Equal([runs[3], runs[1]], await SearchAsync(e, $"run_id IN ('{runs[1]}', '{runs[3]}')"));
        Assert.Equal([runs[5], runs[4]], await SearchAsync(e, "attributes.start_time >= 1004"));
        Assert.Equal(runs.AsEnumerable().Reverse(), await SearchAsync(e, "attributes.status = 'RUNNING'"));
    }

    [Fact]
    public async Task Search_orders_by_metric_with_missing_values_last()
    {
        var (e, runs) = await SeedSearchAsync();
        Assert.Equal([runs[4], runs[3], runs[2], runs[1], runs[0], runs[5]], await SearchAsync(e, null, "metrics.rmse DESC"));
        Assert.Equal([runs[0], runs[1], runs[2], runs[3], runs[4], runs[5]], await SearchAsync(e, null, "metrics.rmse ASC"));
        Assert.Equal([runs[5], runs[3], runs[1], runs[4], runs[2], runs[0]], await SearchAsync(e, null, "params.model", "attributes.start_time DESC"));
        Assert.Equal(runs, await SearchAsync(e, null, "attributes.start_time ASC"));
    }

    [Fact]
    public async Task Search_pages_with_opaque_tokens_and_view_types()
    {
        var (e, runs) = await SeedSearchAsync();
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.Runs.SearchRunsAsync(new RunSearchQuery([e], null, ViewType.ActiveOnly, 4, [], token), Ct);
            seen.AddRange(page.Items.Select(r => r.Info.RunId));
            token = page.NextPageToken;
        }
        while (token is not null);
        Assert.Equal(runs.AsEnumerable().Reverse(), seen);

        await Store.Runs.SetRunLifecycleAsync(runs[0], LifecycleStage.Deleted, Ct);
        var deleted = await Store.Runs.SearchRunsAsync(new RunSearchQuery([e], null, ViewType.DeletedOnly, 10, [], null), Ct);
        Assert.Equal([runs[0]], deleted.Items.Select(r => r.Info.RunId));
        var all = await Store.Runs.SearchRunsAsync(new RunSearchQuery([e], null, ViewType.All, 10, [], null), Ct);
        Assert.Equal(6, all.Items.Count);
    }

    [Theory]
    [InlineData(null, "metrics.rmse DESC")]
    [InlineData(null, "metrics.rmse ASC")]
    [InlineData(null, "params.model DESC")]
    [InlineData(null, "tags.owner ASC")]
    [InlineData(null, "attributes.end_time DESC")]
    [InlineData(null, "")]
    [InlineData("params.model = 'tree'", "metrics.rmse DESC")]
    [InlineData("attributes.status = 'RUNNING'", "metrics.rmse ASC")]
    public async Task Keyset_pages_return_the_whole_ordering_once(string? filter, string order)
    {
        var (e, runs) = await SeedSearchAsync();
        string[] orderBy = order.Length == 0 ? [] : [order, "params.model ASC"];
        await Store.Runs.LogBatchAsync(runs[3], new LogBatch([new Metric("rmse", double.NaN, 2, 1), new Metric("other", 1, 1, 0)], [], []), Ct);
        await Store.Runs.LogBatchAsync(runs[0], new LogBatch([new Metric("rmse", 0.1 * 2, 3, 1)], [], []), Ct); // ties with runs[2]
        var whole = await SearchAsync(e, filter, orderBy);
        foreach (var size in new[] { 1, 2, 4 })
        {
            var seen = new List<string>();
            string? token = null;
            do
            {
                var page = await Store.Runs.SearchRunsAsync(new RunSearchQuery([e], filter, ViewType.ActiveOnly, size, orderBy, token), Ct);
                Assert.True(page.Items.Count <= size);
                seen.AddRange(page.Items.Select(r => r.Info.RunId));
                token = page.NextPageToken;
                if (token is not null)
                {
                    // Opaque to clients, but still MLflow's form: base64 of a JSON object with the offset.
                    using var json = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(token));
                    Assert.Equal(seen.Count, json.RootElement.GetProperty("offset").GetInt32());
                }
            }
            while (token is not null);
            Assert.Equal(whole, seen);
        }
    }

    [Fact]
    public async Task Offset_tokens_in_mlflow_form_still_page_and_a_token_of_another_order_is_refused()
    {
        var (e, runs) = await SeedSearchAsync();
        string offset2 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"offset\": 2}"));
        var page = await Store.Runs.SearchRunsAsync(new RunSearchQuery([e], null, ViewType.ActiveOnly, 2, ["metrics.rmse DESC"], offset2), Ct);
        Assert.Equal([runs[2], runs[1]], page.Items.Select(r => r.Info.RunId));
        page = await Store.Runs.SearchRunsAsync(new RunSearchQuery([e], null, ViewType.ActiveOnly, 2, ["metrics.rmse DESC"], page.NextPageToken), Ct);
        Assert.Equal([runs[0], runs[5]], page.Items.Select(r => r.Info.RunId));

        var first = await Store.Runs.SearchRunsAsync(new RunSearchQuery([e], null, ViewType.ActiveOnly, 2, ["metrics.rmse DESC", "params.model ASC"], null), Ct);
        var error = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.SearchRunsAsync(new RunSearchQuery([e], null, ViewType.ActiveOnly, 2, ["metrics.rmse DESC"], first.NextPageToken), Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public async Task Search_by_dataset_name_and_context()
    {
        var (e, runs) = await SeedSearchAsync();
        await Store.Runs.LogInputsAsync(runs[1], [new DatasetInput(new Dataset("iris", "d1", "local", "x", null, null), [new Tag("mlflow.data.context", "train")])], Ct);
        Assert.Equal([runs[1]], await SearchAsync(e, "datasets.name = 'iris'"));
        Assert.Equal([runs[1]], await SearchAsync(e, "dataset.context IN ('train', 'eval')"));
        Assert.Empty(await SearchAsync(e, "datasets.digest = 'other'"));
    }

    [Theory]
    [InlineData("metrics.rmse LIKE 'x'")]
    [InlineData("params.model > 'a'")]
    [InlineData("metrics.rmse < 'abc'")]
    [InlineData("foo.bar = 'x'")]
    [InlineData("attributes.nope = 'x'")]
    [InlineData("metrics.rmse < 1 OR metrics.rmse > 2")]
    [InlineData("params.model = 'unterminated")]
    [InlineData("params.model IN ('a')")]
    public async Task Bad_filters_are_invalid_parameter_value(string filter)
    {
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.SearchRunsAsync(new RunSearchQuery(["0"], filter, ViewType.ActiveOnly, 10, [], null), Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }

    [Fact]
    public async Task Bad_page_token_is_invalid_parameter_value()
    {
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.SearchRunsAsync(new RunSearchQuery(["0"], null, ViewType.ActiveOnly, 10, [], "%%%"), Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }
}
