using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;

namespace Crucible.Storage.Tests.Registry;

/// <summary>Registry searches (filters, order_by, page tokens) and dataset lineage.</summary>
public abstract partial class RegistryStoreContract
{
    private async Task<List<string>> ModelNamesAsync(string? filter, params string[] orderBy) =>
        (await Registry.SearchRegisteredModelsAsync(new RegistrySearchQuery(filter, 100, orderBy, null), Ct)).Items.Select(m => m.Name).ToList();

    [Fact]
    public async Task Search_registered_models_by_name_and_tags()
    {
        foreach (var (name, team) in new[] { ("fraud-a", "risk"), ("fraud-B", "risk"), ("churn", "growth") })
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            await Registry.CreateRegisteredModelAsync(name, [new Tag("team", team)], null, Ct);
        }

        Assert.Equal(["churn", "fraud-B", "fraud-a"], await ModelNamesAsync(null));
        Assert.Equal(["churn"], await ModelNamesAsync("name = 'churn'"));
        Assert.Equal(["fraud-B", "fraud-a"], await ModelNamesAsync("name != 'churn'"));
        Assert.Equal(["fraud-a"], await ModelNamesAsync("name LIKE 'fraud-a%'"));
        Assert.Equal(["fraud-B", "fraud-a"], await ModelNamesAsync("name ILIKE 'FRAUD-%'"));
        Assert.Equal(["fraud-B", "fraud-a"], await ModelNamesAsync("tags.team = 'risk'"));
        Assert.Equal(["fraud-a"], await ModelNamesAsync("tags.team = 'risk' AND name LIKE '%-a'"));
        Assert.Equal(["churn", "fraud-B", "fraud-a"], await ModelNamesAsync(null, "creation_timestamp DESC"));
        Assert.Equal(["fraud-a", "fraud-B", "churn"], await ModelNamesAsync(null, "name DESC"));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => ModelNamesAsync("name > 'a'"));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => ModelNamesAsync("run_id = 'a'"));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => ModelNamesAsync("name IN ('a')"));
    }

    [Fact]
    public async Task Search_registered_models_pages_with_tokens()
    {
        for (var i = 0; i < 5; i++)
        {
            await Registry.CreateRegisteredModelAsync($"m{i}", [], null, Ct);
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Registry.SearchRegisteredModelsAsync(new RegistrySearchQuery(null, 2, [], token), Ct);
            names.AddRange(page.Items.Select(m => m.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], names);
    }

    [Fact]
    public async Task Search_model_versions_by_name_number_run_source_and_tags()
    {
        await Registry.CreateRegisteredModelAsync("x", [], null, Ct);
        await Registry.CreateRegisteredModelAsync("y", [], null, Ct);
        await NewVersionAsync("x", "r1", "s3://b/x1");
        await NewVersionAsync("x", "r2", "s3://b/x2");
        await NewVersionAsync("y", "r1", "s3://b/y1");
        await Registry.SetModelVersionTagAsync("y", "1", new Tag("ok", "yes"), Ct);

        async Task<List<string>> Find(string filter, params string[] orderBy) =>
            (await Registry.SearchModelVersionsAsync(new RegistrySearchQuery(filter, 100, orderBy, null), Ct)).Items.Select(v => $"{v.Name}/{v.Version}").ToList();

        Assert.Equal(["x/2", "x/1"], await Find("name = 'x'"));
        Assert.Equal(["x/2"], await Find("name = 'x' AND version_number = 2"));
        Assert.Equal(["x/1", "y/1"], await Find("run_id = 'r1'"));
        Assert.Equal(["x/2", "x/1", "y/1"], await Find("run_id IN ('r1', 'r2')"));
        Assert.Equal(["x/1", "x/2"], await Find("source_path LIKE 's3://b/x%'", "version_number ASC"));
        Assert.Equal(["y/1"], await Find("tags.ok = 'yes'"));
        Assert.Equal(["x/2", "x/1"], await Find("version_number >= 1 AND name ILIKE 'X'"));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Find("name IN ('x')"));
    }

    private const string NotPrompt = "tag.`mlflow.prompt.is_prompt` != 'true'";

    [Fact]
    public async Task Registered_model_search_follows_MLflows_prompt_rule_and_other_tags_keep_theirs()
    {
        await Registry.CreateRegisteredModelAsync("churn", [], null, Ct);
        await Registry.CreateRegisteredModelAsync("fraud", [new Tag("team", "risk"), new Tag("mlflow.prompt.is_prompt", "false")], null, Ct);
        await Registry.CreateRegisteredModelAsync("greeting", [new Tag("mlflow.prompt.is_prompt", "true"), new Tag("team", "chat")], null, Ct);

        // MLflow 3's client adds the clause to every search; a model without the tag matches it, prompts never appear.
        Assert.Equal(["churn", "fraud"], await ModelNamesAsync(NotPrompt));
        Assert.Equal(["churn", "fraud"], await ModelNamesAsync(null));
        Assert.Equal(["churn"], await ModelNamesAsync($"name = 'churn' AND {NotPrompt}"));
        Assert.Equal(["fraud"], await ModelNamesAsync($"tags.team = 'risk' AND {NotPrompt}"));
        Assert.Equal(["churn", "fraud"], await ModelNamesAsync("tags.`mlflow.prompt.is_prompt` = 'false'"));

        // Asking for prompts (= 'true' or != 'false') filters on the tag like any other.
        Assert.Equal(["greeting"], await ModelNamesAsync("tags.`mlflow.prompt.is_prompt` = 'true'"));
        Assert.Equal(["greeting"], await ModelNamesAsync("tags.`mlflow.prompt.is_prompt` != 'false'"));

        // As in MLflow, the rule reads the value in any case but the tag comparison itself is exact.
        Assert.Empty(await ModelNamesAsync("tags.`mlflow.prompt.is_prompt` = 'TRUE'"));
        Assert.Equal(["fraud", "greeting"], await ModelNamesAsync("tags.`mlflow.prompt.is_prompt` != 'FALSE'"));

        // Any other tag: a model without it matches neither = nor != (MLflow's SqlAlchemyStore joins on the tag row).
        Assert.Equal(["fraud"], await ModelNamesAsync("tags.team != 'growth'"));
    }

    [Fact]
    public async Task Model_version_search_leaves_prompt_versions_out_as_MLflow_does()
    {
        await Registry.CreateRegisteredModelAsync("churn", [], null, Ct);
        await Registry.CreateRegisteredModelAsync("greeting", [new Tag("mlflow.prompt.is_prompt", "true")], null, Ct);
        await NewVersionAsync("churn");
        await Registry.CreateModelVersionAsync(
            new CreateModelVersionRequest("greeting", "mlflow-artifacts:/p", null, [new Tag("mlflow.prompt.is_prompt", "true")], null, null, null), Ct);

        async Task<List<string>> Find(string? filter) =>
            (await Registry.SearchModelVersionsAsync(new RegistrySearchQuery(filter, 100, [], null), Ct)).Items.Select(v => $"{v.Name}/{v.Version}").ToList();

        Assert.Equal(["churn/1"], await Find(null));
        Assert.Equal(["churn/1"], await Find(NotPrompt));
        Assert.Equal(["churn/1"], await Find($"name = 'churn' AND {NotPrompt}"));
        Assert.Equal(["greeting/1"], await Find("tags.`mlflow.prompt.is_prompt` = 'true'"));
    }

    [Fact]
    public async Task Versions_trained_on_a_dataset_come_from_their_runs_inputs()
    {
        var trained = await Store.Runs.CreateRunAsync(new CreateRunRequest("0", "alice", null, null, []), Ct);
        var other = await Store.Runs.CreateRunAsync(new CreateRunRequest("0", "alice", null, null, []), Ct);
        var digest = "d41d8cd9";
        await Store.Runs.LogInputsAsync(trained.Info.RunId, [new DatasetInput(new Dataset("iris", digest, "local", "/data/iris.csv", null, null), [])], Ct);
        await Store.Runs.LogInputsAsync(other.Info.RunId, [new DatasetInput(new Dataset("iris", "other", "local", "/data/iris2.csv", null, null), [])], Ct);
        await Registry.CreateRegisteredModelAsync("iris-model", [], null, Ct);
        await NewVersionAsync("iris-model", trained.Info.RunId);
        await NewVersionAsync("iris-model", other.Info.RunId);
        await NewVersionAsync("iris-model");

        Assert.Equal(["1"], (await Registry.FindVersionsTrainedOnAsync("iris", digest, Ct)).Select(v => v.Version));
        Assert.Equal(["1", "2"], (await Registry.FindVersionsTrainedOnAsync("iris", null, Ct)).Select(v => v.Version));
        Assert.Empty(await Registry.FindVersionsTrainedOnAsync("mnist", null, Ct));
    }
}
