using System.CommandLine;
using Crucible.Cli.Rendering;
using System.Net;
using Crucible.Server;
using Crucible.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible server</c>: the tracking server, with <c>mlflow server</c>'s flags.</summary>
internal static class ServerCommand
{
    public static Command Create()
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
            Description = "Address to bind. Anything but loopback needs --allow-unauthenticated until auth is configured.",
            DefaultValueFactory = _ => defaults.Host,
        };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on.", DefaultValueFactory = _ => defaults.Port };
        var unauthenticated = new Option<bool>("--allow-unauthenticated") { Description = "Allow binding a non-loopback address with no authentication." };
        var sample = CaptureSampleRateOption();
        var maxDataset = new Option<long?>("--max-dataset-bytes")
        {
            Description = $"Largest dataset file a registration accepts, in bytes (default: the artifact limit, {defaults.MaxArtifactBytes}).",
        };
        var command = new Command("server", "Run the Crucible tracking server (MLflow REST API compatible).")
        {
            backend, destination, root, host, port, unauthenticated, sample, maxDataset,
        };
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

            if (parse.GetValue(maxDataset) is <= 0)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"--max-dataset-bytes must be a positive number of bytes, got {parse.GetValue(maxDataset)}.", CliErrors.Usage);
            }

            if (exposure.Problem(parse) is { } problem)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, problem, CliErrors.Usage);
            }

            var options = Resolve(
                parse.GetValue(backend)!, parse.GetValue(destination), parse.GetValue(root), parse.GetValue(host)!, parse.GetValue(port)) with { CaptureSampleRate = rate, MaxDatasetBytes = parse.GetValue(maxDataset) };
            options = exposure.Apply(parse, options);
            if (!IsLoopback(options.Host) && !parse.GetValue(unauthenticated))
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"refusing to bind {options.Host}: it is not a loopback address and authentication is not configured. Pass --allow-unauthenticated to do it anyway.", CliErrors.Usage);
            }

            await using var app = await CrucibleServer.CreateAsync(options, cancellationToken: cancellationToken);
            await app.StartAsync(cancellationToken);
            await Console.Out.WriteLineAsync($"Crucible server listening on {app.Address()} (backend {ServerOptions.Redact(options.BackendStoreUri)}, artifacts {ServerOptions.Redact(options.ArtifactsDestination)})");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
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

    internal static bool IsLoopback(string host) =>
        host is "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
