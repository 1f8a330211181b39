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
