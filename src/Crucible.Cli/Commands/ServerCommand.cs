using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Server;
using Crucible.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible server</c>: the tracking server, with <c>mlflow server</c>'s flags.</summary>
internal static class ServerCommand
{
    /// <summary>The command; <paramref name="run"/> (tests) receives the checked options instead of a server being started.</summary>
    public static Command Create(Func<ServerOptions, CancellationToken, Task<int>>? run = null)
    {
        var defaults = new ServerOptions();
        var backend = new Option<string>("--backend-store-uri")
        {
            Description = "Metadata store: sqlite:///path.db, a plain path, or postgresql://user:password@host:port/db.",
            DefaultValueFactory = _ => defaults.BackendStoreUri,
        };
        var destination = new Option<string?>("--artifacts-destination")
        {
            Description = $"Where proxied artifacts are stored: a path, file:///path or s3://bucket/prefix (default {defaults.ArtifactsDestination}).",
        };
        var root = new Option<string?>("--default-artifact-root")
        {
            Description = "Artifact root for new experiments. A path, file:// or s3:// URI here is used as the proxy's destination, so clients still go through the server.",
        };
        var host = new Option<string>("--host")
        {
            Description = "Address to bind. Authentication is on by default; --no-auth is accepted only on loopback.",
            DefaultValueFactory = _ => defaults.Host,
        };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on.", DefaultValueFactory = _ => defaults.Port };
        var noAuth = NoAuthOption();
        var loginThrottle = new Option<string?>("--login-throttle")
        {
            Description = $"Failed password sign-ins allowed per user name and per client address within {defaults.Auth.LoginFailureWindow.TotalMinutes} minutes before they are locked out: USER/ADDRESS (default {defaults.Auth.LoginFailuresPerUser}/{defaults.Auth.LoginFailuresPerAddress}; 0 turns one off, e.g. 5/0 behind a reverse proxy).",
        };
        var sample = CaptureSampleRateOption();
        var maxDataset = new Option<long?>("--max-dataset-bytes")
        {
            Description = $"Largest dataset file a registration accepts, in bytes (default: the artifact limit, {defaults.MaxArtifactBytes}).",
        };
        var command = new Command("server", "Run the Crucible tracking server (MLflow REST API compatible).")
        {
            backend, destination, root, host, port, noAuth, loginThrottle, sample, maxDataset,
        };
        var network = new NetworkFlags();
        network.AddTo(command);
        var exposure = new ExposureFlags();
        foreach (var option in exposure.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var rate = parse.GetValue(sample);
            if (!ValidSampleRate(rate))
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"--capture-sample-rate must be above 0 and at most 1, got {rate}.", CliErrors.Usage);
            }

            if (network.Problem(parse) is { } networkProblem)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, networkProblem, CliErrors.Usage);
            }

            if (parse.GetValue(maxDataset) is <= 0)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"--max-dataset-bytes must be a positive number of bytes, got {parse.GetValue(maxDataset)}.", CliErrors.Usage);
            }

            if (exposure.Problem(parse) is { } problem)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, problem, CliErrors.Usage);
            }

            var throttle = LoginThrottle(parse.GetValue(loginThrottle), defaults.Auth);
            if (throttle is null)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"--login-throttle must be USER/ADDRESS, two whole numbers of at least 0 (e.g. 5/20), got '{parse.GetValue(loginThrottle)}'.", CliErrors.Usage);
            }

            var options = Resolve(
                parse.GetValue(backend)!, parse.GetValue(destination), parse.GetValue(root), parse.GetValue(host)!, parse.GetValue(port)) with
            {
                CaptureSampleRate = rate, MaxDatasetBytes = parse.GetValue(maxDataset), Network = network.Read(parse), Auth = throttle with { Enabled = !parse.GetValue(noAuth) },
            };
            options = exposure.Apply(parse, options);
            if (RefuseNoAuth(options) is { } refusal)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, refusal, CliErrors.Usage);
            }

            return await (run ?? RunAsync)(options, cancellationToken);
        });
        return command;
    }

    /// <summary>Starts the server and serves until shut down.</summary>
    private static async Task<int> RunAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = await CrucibleServer.CreateAsync(options, cancellationToken: cancellationToken);
        }
        catch (Crucible.Core.Errors.CrucibleException e) when (e.Code == Crucible.Core.Errors.ErrorCode.InvalidState)
        {
            // Another server holds the SQLite store: say so in one line, without a stack trace.
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }

        await using var started = app;
        await app.StartAsync(cancellationToken);
        await Console.Out.WriteLineAsync($"Crucible server listening on {app.Address()} (backend {ServerOptions.Redact(options.BackendStoreUri)}, artifacts {ServerOptions.Redact(options.ArtifactsDestination)}, {AuthState(options)})");
        await Console.Out.WriteLineAsync($"Web UI: {app.Address()} (open it in a browser{(options.Auth.Enabled ? "; sign in with a user's name and password" : string.Empty)})");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>The auth options with <c>--login-throttle USER/ADDRESS</c> applied (absent: the defaults); null when the text is not two counts.</summary>
    internal static AuthOptions? LoginThrottle(string? text, AuthOptions defaults)
    {
        if (string.IsNullOrEmpty(text))
        {
            return defaults;
        }

        var parts = text.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var perUser)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var perAddress)
            ? defaults with { LoginFailuresPerUser = perUser, LoginFailuresPerAddress = perAddress }
            : null;
    }

    /// <summary>Maps MLflow-style flags to options; a concrete <c>--default-artifact-root</c> becomes the proxy destination.</summary>
    internal static ServerOptions Resolve(string backend, string? destination, string? root, string host, int port)
    {
        var options = new ServerOptions { BackendStoreUri = backend, Host = host, Port = port };
        if (!string.IsNullOrEmpty(root) && !root.StartsWith("mlflow-artifacts:", StringComparison.Ordinal))
        {
            destination ??= root;
        }
        else if (!string.IsNullOrEmpty(root))
        {
            options = options with { DefaultArtifactRoot = root };
        }

        return string.IsNullOrEmpty(destination) ? options : options with { ArtifactsDestination = destination };
    }

    /// <summary>The share of answered inference requests written to the prediction log (shared by <c>server</c> and <c>serve</c>).</summary>
    internal static Option<double> CaptureSampleRateOption() => new("--capture-sample-rate")
    {
        Description = "Fraction of answered inference requests written to the prediction log, in (0, 1]; capture costs CPU on busy hosts.",
        DefaultValueFactory = _ => 1.0,
    };

    internal static bool ValidSampleRate(double rate) => rate > 0 && rate <= 1;

    /// <summary><c>--no-auth</c>, shared by <c>server</c> and <c>serve</c>.</summary>
    internal static Option<bool> NoAuthOption() => new("--no-auth")
    {
        Description = "Turn authentication off: every caller gets full rights. Accepted only when --host is a loopback address.",
    };

    /// <summary>The usage error for <c>--no-auth</c> on an address other machines can reach; null when the options are fine.</summary>
    internal static string? RefuseNoAuth(ServerOptions options) =>
        options.Auth.Enabled || ServerOptionsValidation.IsLoopback(options.Host)
            ? null
            : $"refusing --no-auth on {options.Host}: without authentication anyone who can reach the address gets full rights. Bind 127.0.0.1 (or ::1), or keep authentication on.";

    /// <summary>How the start-up line describes authentication: never a secret, only where the first-start token file is.</summary>
    internal static string AuthState(ServerOptions options) =>
        options.Auth.Enabled ? $"auth on; a first start writes the admin token to {options.AdminTokenFile()}" : "auth off (--no-auth, loopback only)";
}
