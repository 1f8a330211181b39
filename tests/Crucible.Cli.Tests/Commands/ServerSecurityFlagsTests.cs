using System.CommandLine;
using Crucible.Cli.Commands;
using Crucible.Cli.Rendering;
using Crucible.Pipelines.Steps;
using Crucible.Server.Hosting;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Commands;

/// <summary>
/// The security flags of <c>crucible server</c> through its real parser and checks: what reaches the server's options
/// when they are valid (the command's run step is replaced, so no server starts), and the usage error, with nothing
/// opened, when they are not.
/// </summary>
public sealed class ServerSecurityFlagsTests
{
    private const string NeverCreated = "sqlite:////nonexistent/dir/never-created.db";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public async Task No_auth_is_accepted_on_a_loopback_bind(string host)
    {
        var (exit, options, error) = await ParseAsync("--no-auth", "--host", host);

        Assert.True(exit == 0, error);
        Assert.False(options!.Auth.Enabled);
        Assert.Equal(host, options.Host);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.5")]
    [InlineData("crucible.example.com")]
    public async Task No_auth_is_refused_on_a_bind_other_machines_can_reach_and_auth_stays_on_without_it(string host)
    {
        var (exit, options, error) = await ParseAsync("--no-auth", "--host", host);
        var (onExit, on, _) = await ParseAsync("--host", host);

        Assert.Equal(CliErrors.Usage, exit);
        Assert.Null(options);
        Assert.Contains($"refusing --no-auth on {host}", error, StringComparison.Ordinal);
        Assert.Equal(0, onExit);
        Assert.True(on!.Auth.Enabled);
    }

    [Fact]
    public async Task Tls_needs_both_files_and_both_must_exist()
    {
        using var dir = new TempDirectory();
        var cert = dir.File("cert.pem");
        var key = dir.File("key.pem");
        await File.WriteAllTextAsync(cert, "not checked by the parser");
        await File.WriteAllTextAsync(key, "not checked by the parser");

        var certOnly = await ParseAsync("--tls-cert", cert);
        var keyOnly = await ParseAsync("--tls-key", key);
        var missing = await ParseAsync("--tls-cert", cert, "--tls-key", dir.File("absent.pem"));
        var both = await ParseAsync("--tls-cert", cert, "--tls-key", key);
        var neither = await ParseAsync();

        Assert.Equal((CliErrors.Usage, CliErrors.Usage, CliErrors.Usage), (certOnly.Exit, keyOnly.Exit, missing.Exit));
        Assert.Contains("--tls-cert and --tls-key go together", certOnly.Error, StringComparison.Ordinal);
        Assert.Contains("--tls-cert and --tls-key go together", keyOnly.Error, StringComparison.Ordinal);
        Assert.Contains($"TLS file '{dir.File("absent.pem")}' does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Equal((cert, key, true), (both.Options!.Network.TlsCertPath, both.Options.Network.TlsKeyPath, both.Options.Network.UsesTls));
        Assert.False(neither.Options!.Network.UsesTls);
    }

    [Fact]
    public async Task Tls_files_that_are_not_a_certificate_and_key_stop_the_real_command_before_any_store_is_opened()
    {
        using var dir = new TempDirectory();
        var cert = dir.File("cert.pem");
        var key = dir.File("key.pem");
        await File.WriteAllTextAsync(cert, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        await File.WriteAllTextAsync(key, "not a key");
        var database = dir.File("data/crucible.db");

        var result = await Cli.RunAsync("server", "--tls-cert", cert, "--tls-key", key, "--port", "0", "--backend-store-uri", "sqlite:///" + database);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Could not read the TLS certificate '{cert}'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("data")));
    }

    [Fact]
    public async Task The_grpc_port_reaches_the_options_and_must_be_a_port()
    {
        var (exit, options, error) = await ParseAsync("--grpc-port", "8081");
        var none = await ParseAsync();
        var zero = await ParseAsync("--grpc-port", "0");

        Assert.True(exit == 0, error);
        Assert.Equal(8081, options!.Network.GrpcPort);
        Assert.Null(none.Options!.Network.GrpcPort);
        Assert.Equal(CliErrors.Usage, zero.Exit);
        Assert.Contains("--grpc-port must be a port from 1 to 65535, got 0", zero.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowed_hosts_split_on_commas_trim_and_add_up_over_repeated_flags()
    {
        var (exit, options, error) = await ParseAsync("--allowed-hosts", "crucible.example, proxy.internal", "--allowed-hosts", "10.0.0.5,", "--allowed-hosts", "[::1]");
        var none = await ParseAsync();
        var bad = await ParseAsync("--allowed-hosts", "crucible.example/path");

        Assert.True(exit == 0, error);
        Assert.Equal(["crucible.example", "proxy.internal", "10.0.0.5", "[::1]"], options!.Network.AllowedHosts);
        Assert.Empty(none.Options!.Network.AllowedHosts);
        Assert.Equal(CliErrors.Usage, bad.Exit);
        Assert.Contains("Allowed host 'crucible.example/path' is not a host name or address", bad.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://app.example/")]
    [InlineData("https://app.example/path")]
    [InlineData("ftp://app.example")]
    [InlineData("app.example")]
    [InlineData("*")]
    public async Task A_cors_origin_that_is_not_a_bare_http_origin_is_refused(string origin)
    {
        var (exit, options, error) = await ParseAsync("--cors-origins", "https://ok.example," + origin);

        Assert.Equal(CliErrors.Usage, exit);
        Assert.Null(options);
        Assert.Contains($"CORS origin '{origin}'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_is_off_without_the_flag_and_takes_each_listed_origin()
    {
        var off = await ParseAsync();
        var (exit, options, error) = await ParseAsync("--cors-origins", "https://app.example, http://localhost:3000", "--cors-origins", "https://admin.example:8443");

        Assert.Empty(off.Options!.Network.CorsOrigins);
        Assert.True(exit == 0, error);
        Assert.Equal(["https://app.example", "http://localhost:3000", "https://admin.example:8443"], options!.Network.CorsOrigins);
    }

    [Fact]
    public async Task Command_steps_are_off_unless_allowed()
    {
        var off = await ParseAsync();
        var on = await ParseAsync("--allow-command-steps");

        Assert.Equal(CommandStepOptions.Disabled, off.Options!.Exposure.CommandSteps);
        Assert.False(off.Options.Exposure.CommandSteps.Allowed);
        Assert.True(on.Options!.Exposure.CommandSteps.Allowed);
        Assert.Equal(CommandStepOptions.Enabled, on.Options.Exposure.CommandSteps);
    }

    [Fact]
    public async Task Webhook_hosts_take_names_addresses_and_networks_and_are_none_by_default()
    {
        var none = await ParseAsync();
        var (exit, options, error) = await ParseAsync("--allow-webhook-hosts", "hooks.internal, 10.1.0.0/16,127.0.0.1,,fd00::/8");

        Assert.Empty(none.Options!.Exposure.AllowedWebhookHosts);
        Assert.True(exit == 0, error);
        Assert.Equal(["hooks.internal", "10.1.0.0/16", "127.0.0.1", "fd00::/8"], options!.Exposure.AllowedWebhookHosts);
    }

    [Theory]
    [InlineData("10.0.0.0/99")]
    [InlineData("hooks internal")]
    [InlineData("http://hooks.internal")]
    public async Task A_webhook_host_that_is_no_name_address_or_network_is_a_usage_error_before_anything_is_opened(string entry)
    {
        var (exit, options, error) = await ParseAsync("--allow-webhook-hosts", "hooks.internal," + entry);
        var real = await Cli.RunAsync("server", "--allow-webhook-hosts", entry, "--backend-store-uri", NeverCreated);

        Assert.Equal(CliErrors.Usage, exit);
        Assert.Null(options);
        Assert.Contains($"--allow-webhook-hosts: '{entry}' in the allowed webhook hosts is neither", error, StringComparison.Ordinal);
        Assert.Equal(CliErrors.Usage, real.ExitCode);
        Assert.False(Directory.Exists("/nonexistent/dir"));
    }

    [Fact]
    public async Task The_login_throttle_takes_per_user_and_per_address_counts_and_refuses_anything_else()
    {
        var defaults = await ParseAsync();
        var proxied = await ParseAsync("--login-throttle", "5/0");
        var bad = new[] { "5", "5/x", "-1/20", "5/20/1", "/" };

        Assert.Equal((5, 20), (defaults.Options!.Auth.LoginFailuresPerUser, defaults.Options.Auth.LoginFailuresPerAddress));
        Assert.Equal((5, 0, true), (proxied.Options!.Auth.LoginFailuresPerUser, proxied.Options.Auth.LoginFailuresPerAddress, proxied.Options.Auth.Enabled));
        foreach (var text in bad)
        {
            var (exit, options, error) = await ParseAsync("--login-throttle", text);
            Assert.Equal(CliErrors.Usage, exit);
            Assert.Null(options);
            Assert.Contains($"--login-throttle must be USER/ADDRESS", error, StringComparison.Ordinal);
        }
    }

    /// <summary>Parses and checks <c>crucible server</c> <paramref name="args"/>; the options the server would start with, or null when refused.</summary>
    private static async Task<(int Exit, ServerOptions? Options, string Error)> ParseAsync(params string[] args)
    {
        ServerOptions? seen = null;
        var command = ServerCommand.Create((options, _) =>
        {
            seen = options;
            return Task.FromResult(0);
        });
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliErrors.InvokeAsync(command.Parse([.. args, "--backend-store-uri", NeverCreated]), new InvocationConfiguration { Output = output, Error = error });
        return (exit, seen, error.ToString());
    }
}
