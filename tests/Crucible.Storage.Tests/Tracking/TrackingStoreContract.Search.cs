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
