using System.CommandLine;
using Crucible.Cli.Commands;
using Crucible.Contracts.Serving;

namespace Crucible.Cli.Tests.Commands;

/// <summary>The exposure flags of <c>crucible deployments create|update</c> (issue 15, item 7): parsing, the update merge and refusals, with no server.</summary>
public sealed class DeploymentExposureArgumentsTests
{
    private static readonly ExposureDto Guarded = new(new OutputControlsDto("top_k", 2, 3), new RateLimitDto(5, 10), new QuotaDto(1000, 86_400));

    private static ExposureChanges Read(params string[] args)
    {
        var flags = new ExposureFlagSet();
        var command = new Command("update");
        flags.AddTo(command);
        return flags.Read(command.Parse(args));
    }

    [Fact]
    public void Create_flags_become_the_request_exposure()
    {
        var exposure = ExposureArguments.Apply("churn", null, Read("--output-mode", "label", "--rate-limit", "0.5/3", "--quota", "1000/day", "--total-rate-limit", "100"));

        Assert.Equal(new ExposureDto(new OutputControlsDto("label"), new RateLimitDto(0.5, 3), new QuotaDto(1000, 86_400), new RateLimitDto(100)), exposure);
    }

    [Fact]
    public void An_update_changes_only_what_it_names_and_off_removes_a_limit()
    {
        var exposure = ExposureArguments.Apply("churn", Guarded, Read("--rate-limit", "off", "--decimals", "4"));

        Assert.Equal(new ExposureDto(new OutputControlsDto("top_k", 4, 3), null, new QuotaDto(1000, 86_400)), exposure);
        Assert.Equal(Guarded, ExposureArguments.Apply("churn", Guarded, Read()));
        Assert.Equal(new OutputControlsDto("full", 2), ExposureArguments.Apply("churn", Guarded, Read("--output-mode", "full"))!.Output);
        Assert.Equal(new QuotaDto(50, 30), ExposureArguments.Apply("churn", Guarded, Read("--quota", "50/30s"))!.Quota);
    }

    [Theory]
    [InlineData(new[] { "--decimals=-1" }, "decimals")]
    [InlineData(new[] { "--decimals", "two" }, "--decimals two")]
    [InlineData(new[] { "--output-mode", "top_k", "--top-k", "0" }, "top_k")]
    [InlineData(new[] { "--output-mode", "softmax" }, "--output-mode softmax")]
    [InlineData(new[] { "--output-mode", "label", "--top-k", "2" }, "--top-k")]
    [InlineData(new[] { "--rate-limit", "0" }, "per_second")]
    [InlineData(new[] { "--rate-limit", "fast" }, "--rate-limit fast")]
    [InlineData(new[] { "--quota", "5/fortnight" }, "--quota 5/fortnight")]
    [InlineData(new[] { "--quota", "0/day" }, "quota")]
    public void Bad_values_are_refused_before_any_request_naming_what_is_wrong(string[] args, string named)
    {
        var e = Assert.Throws<DeploymentUsageException>(() => ExposureArguments.Apply("churn", null, Read(args)));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_describes_the_controls_in_words()
    {
        Assert.Equal("top 3, 2 decimals", ExposureArguments.DescribeOutput(Guarded));
        Assert.Equal("full", ExposureArguments.DescribeOutput(null));
        Assert.Equal("label only", ExposureArguments.DescribeOutput(new ExposureDto(new OutputControlsDto("label"))));
        Assert.Equal("5/s per caller (burst 10); 1000 per caller every 86400 s", ExposureArguments.DescribeLimits(Guarded));
        Assert.Equal("none", ExposureArguments.DescribeLimits(null));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("fast")]
    [InlineData("5/0")]
    public async Task Serve_refuses_a_bad_inference_rate_limit_before_opening_any_store(string limit)
    {
        var result = await Cli.RunAsync("serve", "--inference-rate-limit", limit, "--backend-store-uri", "sqlite:////nonexistent/dir/never-created.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--inference-rate-limit", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/nonexistent/dir"));
    }

    [Fact]
    public async Task Serve_and_deployments_help_list_the_exposure_flags()
    {
        var serve = await Cli.RunAsync("serve", "--help");
        var update = await Cli.RunAsync("deployments", "update", "--help");

        Assert.Contains("--inference-rate-limit", serve.Output, StringComparison.Ordinal);
        foreach (var flag in new[] { "--output-mode", "--decimals", "--top-k", "--rate-limit", "--total-rate-limit", "--quota" })
        {
            Assert.Contains(flag, update.Output, StringComparison.Ordinal);
        }
    }
}
