using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;

namespace Crucible.Storage.Tests.Registry;

/// <summary>Aliases, stages and latest versions.</summary>
public abstract partial class RegistryStoreContract
{
    [Fact]
    public async Task Alias_set_move_get_and_delete()
    {
        await Registry.CreateRegisteredModelAsync("a", [], null, Ct);
        await NewVersionAsync("a");
        await NewVersionAsync("a");
        await Registry.SetAliasAsync("a", "champion", "1", Ct);
        Assert.Equal("1", (await Registry.GetVersionByAliasAsync("a", "champion", Ct)).Version);
        Assert.Equal(["champion"], (await Registry.GetModelVersionAsync("a", "1", Ct)).Aliases);
        await Registry.SetAliasAsync("a", "champion", "2", Ct);
        Assert.Equal("2", (await Registry.GetVersionByAliasAsync("a", "champion", Ct)).Version);
        Assert.Empty((await Registry.GetModelVersionAsync("a", "1", Ct)).Aliases);
        Assert.Equal([new ModelAlias("champion", "2")], (await Registry.GetRegisteredModelAsync("a", Ct)).Aliases);
        await Registry.DeleteAliasAsync("a", "champion", Ct);
        var missing = await FailsAsync(ErrorCode.InvalidParameterValue, () => Registry.GetVersionByAliasAsync("a", "champion", Ct));
        Assert.Equal("Registered model alias champion not found.", missing.Message);
    }

    [Fact]
    public async Task Alias_errors_follow_mlflow()
    {
        await Registry.CreateRegisteredModelAsync("a", [], null, Ct);
        await NewVersionAsync("a");
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Registry.GetVersionByAliasAsync("no-model", "champion", Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.SetAliasAsync("a", "champion", "9", Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.SetAliasAsync("no-model", "champion", "1", Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Registry.SetAliasAsync("a", "v3", "1", Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Registry.SetAliasAsync("a", "latest", "1", Ct));
    }

    [Fact]
    public async Task Deleting_a_version_removes_its_aliases()
    {
        await Registry.CreateRegisteredModelAsync("a", [], null, Ct);
        await NewVersionAsync("a");
        await Registry.SetAliasAsync("a", "champion", "1", Ct);
        await Registry.DeleteModelVersionAsync("a", "1", Ct);
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Registry.GetVersionByAliasAsync("a", "champion", Ct));
        Assert.Empty((await Registry.GetRegisteredModelAsync("a", Ct)).Aliases);
    }

    [Fact]
    public async Task Moving_an_alias_is_atomic_readers_always_see_exactly_one_version()
    {
        await Registry.CreateRegisteredModelAsync("atomic", [], null, Ct);
        await NewVersionAsync("atomic");
        await NewVersionAsync("atomic");
        await Registry.SetAliasAsync("atomic", "champion", "1", Ct);
        using var done = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var version = await Registry.GetVersionByAliasAsync("atomic", "champion", Ct);
                seen.Add(version.Version);
                var model = await Registry.GetRegisteredModelAsync("atomic", Ct);
                Assert.Single(model.Aliases);
            }
        })).ToList();
        for (var i = 0; i < 40; i++)
        {
            await Registry.SetAliasAsync("atomic", "champion", i % 2 == 0 ? "2" : "1", Ct);
        }

        await done.CancelAsync();
        await Task.WhenAll(readers);
        Assert.NotEmpty(seen);
        Assert.All(seen, v => Assert.Contains(v, new[] { "1", "2" }));
    }

    [Fact]
    public async Task Transition_stage_archives_existing_and_latest_versions_follow()
    {
        await Registry.CreateRegisteredModelAsync("s", [], null, Ct);
        for (var i = 0; i < 3; i++)
        {
            await NewVersionAsync("s");
        }

        await Registry.TransitionStageAsync("s", "1", "production", false, Ct);
        var v2 = await Registry.TransitionStageAsync("s", "2", "Production", true, Ct);
        Assert.Equal(ModelStages.Production, v2.CurrentStage);
        Assert.Equal(ModelStages.Archived, (await Registry.GetModelVersionAsync("s", "1", Ct)).CurrentStage);

        var latest = await Registry.GetLatestVersionsAsync("s", [], Ct);
        Assert.Equal([("1", "Archived"), ("2", "Production"), ("3", "None")], latest.Select(v => (v.Version, v.CurrentStage)));
        Assert.Equal(["2"], (await Registry.GetLatestVersionsAsync("s", ["Production"], Ct)).Select(v => v.Version));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Registry.TransitionStageAsync("s", "3", "Shipped", false, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Registry.TransitionStageAsync("s", "3", "Archived", true, Ct));
    }

    [Fact]
    public async Task Sixteen_concurrent_creators_get_distinct_consecutive_numbers()
    {
        await Registry.CreateRegisteredModelAsync("busy", [], null, Ct);
        using var start = new ManualResetEventSlim();
        var creators = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return (await NewVersionAsync("busy")).Version;
        })).ToList();
        start.Set();
        var numbers = (await Task.WhenAll(creators)).Select(int.Parse).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 16), numbers);
        var stored = await Registry.SearchModelVersionsAsync(new RegistrySearchQuery("name = 'busy'", 100, [], null), Ct);
        Assert.Equal(16, stored.Items.Count);
    }

    [Fact]
    public async Task Writes_racing_a_model_delete_either_succeed_or_fail_as_not_found()
    {
        for (var round = 0; round < 5; round++)
        {
            var name = $"race-{round}";
            await Registry.CreateRegisteredModelAsync(name, [], null, Ct);
            await NewVersionAsync(name);
            var writers = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            {
                switch (i % 4)
                {
                    case 0: await NewVersionAsync(name); break;
                    case 1: await Registry.SetAliasAsync(name, "a" + i, "1", Ct); break;
                    case 2: await Registry.SetModelVersionTagAsync(name, "1", new Tag("k" + i, "v"), Ct); break;
                    default: await Registry.SetRegisteredModelTagAsync(name, new Tag("k" + i, "v"), Ct); break;
                }
            })).ToList();
            writers.Add(Task.Run(() => Registry.DeleteRegisteredModelAsync(name, Ct)));
            foreach (var writer in writers)
            {
                var e = await Record.ExceptionAsync(() => writer);
                Assert.True(e is null || e is CrucibleException { Code: ErrorCode.ResourceDoesNotExist }, e?.ToString());
            }

            await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Registry.GetRegisteredModelAsync(name, Ct));
        }
    }
}
