using Crucible.Core.Errors;
using Crucible.Server.Hosting;

namespace Crucible.Server.Tests.Hosting;

public sealed class ServerOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new ServerOptions().Problems());
    }

    [Fact]
    public void Every_wrong_field_is_named_in_one_error()
    {
        var options = new ServerOptions
        {
            Port = 70000,
            MaxJsonBodyBytes = 0,
            MaxDatasetBytes = -1,
            CaptureSampleRate = 1.5,
            DeploymentRefreshInterval = TimeSpan.Zero,
            MonitorInterval = TimeSpan.FromSeconds(-1),
            BackendStoreUri = " ",
        };

        var problems = options.Problems();

        Assert.Equal(7, problems.Count);
        foreach (var field in new[] { "Port", "MaxJsonBodyBytes", "MaxDatasetBytes", "CaptureSampleRate", "DeploymentRefreshInterval", "MonitorInterval", "BackendStoreUri" })
        {
            Assert.Contains(problems, p => p.StartsWith(field + " must be", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_server_refuses_to_start_with_invalid_options_before_opening_any_store()
    {
        using var dir = new Crucible.TestSupport.TempDirectory();
        var db = dir.File("never.db");
        var error = await Assert.ThrowsAsync<CrucibleException>(() => CrucibleServer.CreateAsync(new ServerOptions { BackendStoreUri = "sqlite:///" + db, Port = -1 }));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("Port must be between 0 and 65535 (got -1)", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(db), "no store is opened for options that cannot start");
    }

    [Fact]
    public void Zero_turns_background_work_off_and_is_valid()
    {
        var options = new ServerOptions
        {
            MonitorInterval = TimeSpan.Zero,
            PipelineScheduleInterval = TimeSpan.Zero,
            PredictionCompactionInterval = TimeSpan.Zero,
            ProfileFlushInterval = TimeSpan.Zero,
            PredictionRetentionMaxAge = TimeSpan.Zero,
            PredictionRetentionMaxBytes = 0,
        };
        Assert.Empty(options.Problems());
    }
}
