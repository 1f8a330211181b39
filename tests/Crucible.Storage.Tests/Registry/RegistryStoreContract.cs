using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Registry;

/// <summary>The model registry's behaviour, run unchanged against SQLite and PostgreSQL.</summary>
public abstract partial class RegistryStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    protected IModelRegistryStore Registry => Store.Registry;

    protected static CancellationToken Ct => CancellationToken.None;

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    protected Task<ModelVersion> NewVersionAsync(string name, string? runId = null, string source = "mlflow-artifacts:/0/r/artifacts/model") =>
        Registry.CreateModelVersionAsync(new CreateModelVersionRequest(name, source, runId, [], null, null, null), Ct);

    protected static async Task<CrucibleException> FailsAsync(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<CrucibleException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    [Fact]
    public async Task Create_and_get_registered_model_with_tags_and_description()
    {
        var created = await Registry.CreateRegisteredModelAsync("churn", [new Tag("team", "ml")], "predicts churn", Ct);
        var model = await Registry.GetRegisteredModelAsync("churn", Ct);
        Assert.Equivalent(created, model, strict: true);
        Assert.Equal("predicts churn", model.Description);
        Assert.Equal([new Tag("team", "ml")], model.Tags);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), model.CreationTimestamp);
        Assert.Empty(model.LatestVersions);
    }

    [Fact]
    public async Task Duplicate_and_missing_models_get_mlflow_errors()
    {
        await Registry.CreateRegisteredModelAsync("dup", [], null, Ct);
        var dup = await FailsAsync(ErrorCode.ResourceAlreadyExists, () => Registry.CreateRegisteredModelAsync("dup", [], null, Ct));
        Assert.Equal("Registered Model (name=dup) already exists.", dup.Message);
        var missing = await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.GetRegisteredModelAsync("nope", Ct));
        Assert.Equal("Registered Model with name=nope not found", missing.Message);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.GetModelVersionAsync("dup", "1", Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Registry.GetModelVersionAsync("dup", "one", Ct));
    }

    [Fact]
    public async Task Rename_keeps_versions_and_refuses_a_taken_name()
    {
        await Registry.CreateRegisteredModelAsync("old", [], null, Ct);
        await Registry.CreateRegisteredModelAsync("taken", [], null, Ct);
        await NewVersionAsync("old");
        await FailsAsync(ErrorCode.ResourceAlreadyExists, () => Registry.RenameRegisteredModelAsync("old", "taken", Ct));
        var renamed = await Registry.RenameRegisteredModelAsync("old", "new", Ct);
        Assert.Equal("new", renamed.Name);
        Assert.Equal("new", (await Registry.GetModelVersionAsync("new", "1", Ct)).Name);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.GetRegisteredModelAsync("old", Ct));
    }

    [Fact]
    public async Task Update_description_and_tags_touch_the_model()
    {
        await Registry.CreateRegisteredModelAsync("m", [], null, Ct);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var updated = await Registry.UpdateRegisteredModelAsync("m", "better", Ct);
        Assert.Equal("better", updated.Description);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), updated.LastUpdatedTimestamp);
        await Registry.SetRegisteredModelTagAsync("m", new Tag("k", "v1"), Ct);
        await Registry.SetRegisteredModelTagAsync("m", new Tag("k", "v2"), Ct);
        Assert.Equal([new Tag("k", "v2")], (await Registry.GetRegisteredModelAsync("m", Ct)).Tags);
        await Registry.DeleteRegisteredModelTagAsync("m", "k", Ct);
        await Registry.DeleteRegisteredModelTagAsync("m", "absent", Ct);
        Assert.Empty((await Registry.GetRegisteredModelAsync("m", Ct)).Tags);
    }

    [Fact]
    public async Task Delete_model_cascades_to_versions_tags_and_aliases()
    {
        await Registry.CreateRegisteredModelAsync("gone", [new Tag("a", "b")], null, Ct);
        await NewVersionAsync("gone");
        await Registry.SetAliasAsync("gone", "champion", "1", Ct);
        await Registry.SetModelVersionTagAsync("gone", "1", new Tag("x", "y"), Ct);
        await Registry.DeleteRegisteredModelAsync("gone", Ct);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.GetRegisteredModelAsync("gone", Ct));
        Assert.Empty((await Registry.SearchModelVersionsAsync(new RegistrySearchQuery("name = 'gone'", 100, [], null), Ct)).Items);

        await Registry.CreateRegisteredModelAsync("gone", [], null, Ct);
        var fresh = await NewVersionAsync("gone");
        Assert.Equal("1", fresh.Version);
        Assert.Empty(fresh.Tags);
        Assert.Empty(fresh.Aliases);
    }

    [Fact]
    public async Task Version_numbers_are_consecutive_and_never_reused()
    {
        await Registry.CreateRegisteredModelAsync("v", [], null, Ct);
        Assert.Equal(["1", "2", "3"], [(await NewVersionAsync("v")).Version, (await NewVersionAsync("v")).Version, (await NewVersionAsync("v")).Version]);
        await Registry.DeleteModelVersionAsync("v", "3", Ct);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.GetModelVersionAsync("v", "3", Ct));
        Assert.Equal("4", (await NewVersionAsync("v")).Version);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => NewVersionAsync("no-such-model"));
    }

    [Fact]
    public async Task Create_version_records_source_run_tags_and_description()
    {
        await Registry.CreateRegisteredModelAsync("m", [], null, Ct);
        var request = new CreateModelVersionRequest("m", "runs:/abc/model", "abc", [new Tag("t", "1")], "http://link", "first", "m-123") { UserId = "alice" };
        var version = await Registry.CreateModelVersionAsync(request, Ct);
        Assert.Equal(("1", "runs:/abc/model", "abc", "http://link", "first", "m-123", "alice"), (version.Version, version.Source, version.RunId, version.RunLink, version.Description, version.ModelId, version.UserId));
        Assert.Equal((ModelStages.None, ModelStages.StatusReady), (version.CurrentStage, version.Status));
        Assert.Equal([new Tag("t", "1")], version.Tags);
        Assert.Equivalent(version, await Registry.GetModelVersionAsync("m", "1", Ct), strict: true);
        var updated = await Registry.UpdateModelVersionAsync("m", "1", "second", Ct);
        Assert.Equal("second", updated.Description);
        await Registry.DeleteModelVersionTagAsync("m", "1", "t", Ct);
        Assert.Empty((await Registry.GetModelVersionAsync("m", "1", Ct)).Tags);
    }

    [Fact]
    public async Task Package_files_are_stored_with_the_version_and_removed_with_it()
    {
        await Registry.CreateRegisteredModelAsync("p", [], null, Ct);
        var package = new ModelPackageRecord([new PackageFile("MLmodel", new string('a', 64), 10), new PackageFile("model.onnx", new string('b', 64), 20)], "{\"producer\":\"x\"}");
        await Registry.CreateModelVersionAsync(new CreateModelVersionRequest("p", "s", null, [], null, null, null) { Package = package }, Ct);
        var stored = await Registry.GetPackageAsync("p", "1", Ct);
        Assert.Equal(package.Files, stored!.Files);
        Assert.Equal(package.Description, stored.Description);
        await NewVersionAsync("p");
        Assert.Null(await Registry.GetPackageAsync("p", "2", Ct));
        await Registry.DeleteModelVersionAsync("p", "1", Ct);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.GetPackageAsync("p", "1", Ct));
    }
}
