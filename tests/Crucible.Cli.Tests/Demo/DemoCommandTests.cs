using System.Text.Json;

namespace Crucible.Cli.Tests.Demo;

/// <summary>
/// <c>crucible demo</c> end to end, in-process against the server it starts: the final state (versions, the champion
/// alias, the drift alert, the retraining pipeline run) is read from its JSON summary and from the files it left.
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"crucible-demo-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_whole_loop_ends_with_the_retrained_version_as_champion()
    {
        var result = await Cli.RunAsync("demo", "--dir", _folder, "--json", "--requests", "120", "--seed", "11");

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        using var summary = JsonDocument.Parse(result.Output);
        var root = summary.RootElement;
        Assert.Equal(new[] { "1", "2" }, root.GetProperty("versions").EnumerateArray().Select(v => v.GetString() ?? "").ToArray());
        Assert.Equal("2", root.GetProperty("champion_version").GetString());
        Assert.False(root.GetProperty("calm_window_alert").GetBoolean());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("drift_alert_id").GetString()));
        Assert.Contains("monthly_charges", string.Join(",", root.GetProperty("drifted_columns").EnumerateArray().Select(c => c.GetString())), StringComparison.Ordinal);
        Assert.Equal("succeeded", root.GetProperty("pipeline_status").GetString());
        Assert.Equal("2", root.GetProperty("retrained_version").GetString());
        Assert.InRange(root.GetProperty("champion_roc_auc").GetDouble(), 0.7, 1.0);
        Assert.Equal(4, root.GetProperty("datasets").GetArrayLength());

        // The champion and the retrained version are compared on one dataset, both scored by the pipeline's evaluation.
        Assert.Equal("churn-recent-holdout@1", root.GetProperty("compared_on").GetString());
        Assert.InRange(root.GetProperty("previous_champion_roc_auc").GetDouble(), 0.5, 1.0);
        Assert.True(root.GetProperty("retrained_roc_auc").GetDouble() >= root.GetProperty("previous_champion_roc_auc").GetDouble());

        // The new champion's lineage reaches its pipeline training run (finished, with the trainer's params and metrics)
        // and the dataset it trained on, by the digest registration gave that dataset.
        var lineage = root.GetProperty("champion_lineage");
        Assert.Equal("FINISHED", lineage.GetProperty("run_status").GetString());
        var runId = lineage.GetProperty("run_id").GetString();
        Assert.False(string.IsNullOrEmpty(runId));
        Assert.DoesNotContain(runId, root.GetProperty("runs").EnumerateArray().Select(r => r.GetString()));
        var parameters = lineage.GetProperty("params");
        Assert.Equal("gbt_classifier", parameters.GetProperty("trainer").GetString());
        Assert.Equal("60", parameters.GetProperty("max_iter").GetString());
        Assert.NotEqual(0, lineage.GetProperty("metrics").GetArrayLength());
        var dataset = Assert.Single(lineage.GetProperty("datasets").EnumerateArray());
        Assert.Equal(("churn-recent", "datasets:/churn-recent/1", "training"), (dataset.GetProperty("name").GetString(), dataset.GetProperty("source").GetString(), dataset.GetProperty("context").GetString()));
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(_folder, "churn-recent.csv"))))[..32];
        Assert.Equal(digest, dataset.GetProperty("digest").GetString());

        // Its links die with the demo's server, and it says so.
        Assert.False(root.GetProperty("kept_serving").GetBoolean());
        Assert.Contains("no longer answer", result.Error, StringComparison.Ordinal);
        Assert.Contains("--keep-serving", result.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "summary.json")));
        Assert.Contains("[ 1] Generate churn data", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_the_demo_did_not_make_is_refused_and_left_alone()
    {
        Directory.CreateDirectory(_folder);
        var keep = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(keep, "mine");

        var result = await Cli.RunAsync("demo", "--dir", _folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not empty", result.Error, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(keep));
    }
}
