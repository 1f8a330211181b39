namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible serve</c> refuses unsafe or meaningless settings before it opens any store.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("server")]
    public async Task No_auth_on_a_non_loopback_address_is_refused(string command)
    {
        var result = await Cli.RunAsync(command, "--no-auth", "--host", "0.0.0.0", "--backend-store-uri", "sqlite:////nonexistent/dir/never-created.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-auth", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/nonexistent/dir"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("4000")]
    public async Task A_refresh_interval_out_of_range_is_refused(string seconds)
    {
        var result = await Cli.RunAsync("serve", "--refresh-seconds", seconds, "--backend-store-uri", "sqlite:////nonexistent/dir/never-created.db");

        Assert.Equal(2, result.ExitCode);
    }

    [Theory]
    [InlineData("serve", "0")]
    [InlineData("serve", "1.5")]
    [InlineData("server", "-0.1")]
    public async Task A_capture_sample_rate_outside_zero_to_one_is_refused(string command, string rate)
    {
        var result = await Cli.RunAsync(command, "--capture-sample-rate", rate, "--backend-store-uri", "sqlite:////nonexistent/dir/never-created.db");

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Help_lists_the_serving_flags()
    {
        var result = await Cli.RunAsync("serve", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var flag in new[] { "--deployment", "--backend-store-uri", "--artifacts-destination", "--refresh-seconds", "--port", "--capture-sample-rate" })
        {
            Assert.Contains(flag, result.Output, StringComparison.Ordinal);
        }
    }
}

/// <summary>The network flags <c>crucible server</c> and <c>crucible serve</c> share: checked before anything is opened.</summary>
public sealed class NetworkFlagsTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("server")]
    public async Task A_tls_certificate_without_its_key_is_refused(string command)
    {
        var result = await Cli.RunAsync(command, "--tls-cert", "/nonexistent/cert.pem", "--backend-store-uri", "sqlite:////nonexistent/dir/never-created.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--tls-key", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/nonexistent/dir"));
    }

    [Fact]
    public async Task A_cors_origin_that_is_not_an_origin_is_refused()
    {
        var result = await Cli.RunAsync("server", "--cors-origins", "https://app.example/path", "--backend-store-uri", "sqlite:////nonexistent/dir/never-created.db");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("https://app.example/path", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("server")]
    public async Task Help_lists_the_network_flags(string command)
    {
        var result = await Cli.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var flag in new[] { "--allowed-hosts", "--cors-origins", "--tls-cert", "--tls-key" })
        {
            Assert.Contains(flag, result.Output, StringComparison.Ordinal);
        }
    }
}
