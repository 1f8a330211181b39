using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Server;
using Crucible.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible serve</c>: a serving-only process (Open Inference Protocol v2, MLflow <c>/invocations</c>, health and
/// <c>/metrics</c>) over the same stores as <c>crucible server</c>; scale it out as replicas.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new ServerOptions();
        var backend = new Option<string>("--backend-store-uri")
        {
            Description = "Metadata store shared with the tracking server: sqlite:///path.db, a plain path, or postgresql://...",
            DefaultValueFactory = _ => defaults.BackendStoreUri,
        };
        var destination = new Option<string>("--artifacts-destination")
        {
            Description = "Where the registered models' files are: a path, file:///path or s3://bucket/prefix.",
            DefaultValueFactory = _ => defaults.ArtifactsDestination,
        };
        var deployment = new Option<string?>("--deployment", "-d")
        {
            Description = "Serve only this deployment, and answer plain /invocations and /ping for it (as mlflow models serve does).",
        };
        var host = new Option<string>("--host") { Description = "Address to bind.", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on.", DefaultValueFactory = _ => 5001 };
        var refresh = new Option<double>("--refresh-seconds")
        {
            Description = "How often deployments and aliases are re-read from the store.",
            DefaultValueFactory = _ => defaults.DeploymentRefreshInterval.TotalSeconds,
        };
        var noAuth = ServerCommand.NoAuthOption();
        var sample = ServerCommand.CaptureSampleRateOption();
        var rateLimit = ExposureFlags.RateLimitOption();
        var command = new Command("serve", "Serve deployments only: OIP v2 under /v2, MLflow scoring under /deployments/NAME/invocations, /metrics.")
        {
            backend, destination, deployment, host, port, refresh, noAuth, sample, rateLimit,
        };
        var network = new NetworkFlags();
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(refresh);
            if (!(seconds > 0) || seconds > 3600)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"--refresh-seconds must be above 0 and at most 3600, got {seconds}.", CliErrors.Usage);
            }

            var rate = parse.GetValue(sample);
            if (!ServerCommand.ValidSampleRate(rate))
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"--capture-sample-rate must be above 0 and at most 1, got {rate}.", CliErrors.Usage);
            }

            if (network.Problem(parse) is { } networkProblem)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, networkProblem, CliErrors.Usage);
            }

            InferenceRateLimit? limit;
            try
            {
                limit = ExposureFlags.ParseRateLimit(parse, rateLimit);
            }
            catch (FormatException e)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, "--inference-rate-limit: " + e.Message, CliErrors.Usage);
            }

            var options = new ServerOptions
            {
                Exposure = new ExposureOptions { InferenceRateLimit = limit },
                CaptureSampleRate = rate,
                BackendStoreUri = parse.GetValue(backend)!,
                ArtifactsDestination = parse.GetValue(destination)!,
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ServingOnly = true,
                ServeDeployment = parse.GetValue(deployment),
                DeploymentRefreshInterval = TimeSpan.FromSeconds(seconds),
                Network = network.Read(parse),
                Auth = new AuthOptions { Enabled = !parse.GetValue(noAuth) },
            };
            if (ServerCommand.RefuseNoAuth(options) is { } refusal)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, refusal, CliErrors.Usage);
            }

            await using var app = await CrucibleServer.CreateAsync(options, cancellationToken: cancellationToken);
            await app.StartAsync(cancellationToken);
            var scope = options.ServeDeployment is null ? "all deployments" : $"deployment '{options.ServeDeployment}'";
            await Console.Out.WriteLineAsync($"Crucible serving {scope} on {app.Address()} (backend {ServerOptions.Redact(options.BackendStoreUri)}, {ServerCommand.AuthState(options)})");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
