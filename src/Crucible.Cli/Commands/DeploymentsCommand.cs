using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Serving;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible deployments create|list|show|update|delete|predictions</c>: Crucible's native deployments API, tables
/// by default and the API's JSON with <c>--json</c>. Bad input is refused before any request, with exit code 2.
/// </summary>
internal static partial class DeploymentsCommand
{
    private static ServingJsonContext Json => ServingJsonContext.Default;

    public static Command Create() => new("deployments", "Serve registered models: create, inspect, re-route and delete deployments, and read their captured predictions.")
    {
        CreateDeployment(), List(), Show(), Update(), Delete(), Predictions(),
    };

    private static Command List()
    {
        var options = new ClientOptions();
        var command = new Command("list", "List deployments with their routes and traffic shares. With --json, writes {\"deployments\": [...]}.");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var deployments = await context.Client.ListDeploymentsAsync(context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new DeploymentsResponse(deployments), Json.DeploymentsResponse);
            }
            else
            {
                DeploymentTables.Write(context.Console, deployments);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var options = new ClientOptions();
        var name = NameArgument();
        var command = new Command("show", "Show one deployment: settings, how each route resolved and loaded, and its endpoints. With --json, writes {\"deployment\": {...}}.")
        {
            name,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var deployment = await context.Client.GetDeploymentAsync(parse.GetValue(name)!, context.CancellationToken);
            await WriteAsync(context, deployment, null);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Delete()
    {
        var options = new ClientOptions();
        var name = NameArgument();
        var command = new Command("delete", "Delete a deployment; its captured predictions stay. With --json, writes {}.") { name };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var deployment = parse.GetValue(name)!;
            await context.Client.DeleteDeploymentAsync(deployment, context.CancellationToken);
            await context.Output.WriteLineAsync(context.Json ? "{}" : $"Deleted deployment '{deployment}'.");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Predictions()
    {
        var options = new ClientOptions();
        var name = NameArgument();
        var max = new Option<int>("--max-results") { Description = "List at most this many predictions.", DefaultValueFactory = _ => 100 };
        max.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--max-results must be a positive number.");
            }
        });
        var from = new Option<string?>("--from") { Description = "Only predictions at or after this time: ISO 8601 (UTC unless it says otherwise) or epoch milliseconds." };
        var to = new Option<string?>("--to") { Description = "Only predictions before this time: ISO 8601 or epoch milliseconds." };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue where a previous listing stopped." };
        var noShadow = new Option<bool>("--no-shadow") { Description = "Leave out the shadow model's predictions." };
        var command = new Command(
            "predictions",
            "List a deployment's captured predictions, oldest first: time, request id, version, latency, shadow. With --json, writes {\"predictions\": [...], \"next_page_token\": ...}.")
        {
            name, max, from, to, pageToken, noShadow,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse,
            options,
            () => (From: DeploymentArguments.ParseTime("--from", parse.GetValue(from)), To: DeploymentArguments.ParseTime("--to", parse.GetValue(to))),
            async (context, window) =>
            {
                var deployment = parse.GetValue(name)!;
                var limit = parse.GetValue(max);
                var predictions = new List<PredictionDto>();
                var token = parse.GetValue(pageToken);
                do
                {
                    var page = await context.Client.GetPredictionsAsync(
                        deployment, Math.Min(limit - predictions.Count, 1000), token, window.From, window.To, !parse.GetValue(noShadow), context.CancellationToken);
                    predictions.AddRange(page.Predictions ?? []);
                    token = string.IsNullOrEmpty(page.NextPageToken) || page.NextPageToken == token ? null : page.NextPageToken;
                }
                while (token is not null && predictions.Count < limit);

                if (context.Json)
                {
                    await JsonOutput.WriteAsync(context.Output, new PredictionsResponse(predictions, token), Json.PredictionsResponse);
                }
                else
                {
                    DeploymentTables.WritePredictions(context.Console, predictions, token);
                }

                return 0;
            },
            cancellationToken));
        return command;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The deployment's name." };

    /// <summary>Writes a deployment: its JSON response, or <paramref name="headline"/> and the details table.</summary>
    private static async Task WriteAsync(ClientContext context, DeploymentDto deployment, string? headline)
    {
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Output, new DeploymentResponse(deployment), Json.DeploymentResponse);
            return;
        }

        if (headline is not null)
        {
            await context.Output.WriteLineAsync(headline);
            await context.Output.WriteLineAsync();
        }

        DeploymentTables.WriteDetails(context.Console, deployment, context.Client.TrackingUri);
    }

    /// <summary>
    /// Reads the arguments first (a <see cref="DeploymentUsageException"/> means exit code 2 and no request), then runs
    /// <paramref name="action"/> with a client; usage errors found later, after a read, also exit with 2.
    /// </summary>
    private static async Task<int> RunAsync<T>(
        ParseResult parse, ClientOptions options, Func<T> read, Func<ClientContext, T, Task<int>> action, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        T arguments;
        try
        {
            arguments = read();
        }
        catch (DeploymentUsageException e)
        {
            return await CliErrors.WriteAsync(error, e.Message, CliErrors.Usage);
        }

        return await options.RunAsync(parse, async context =>
        {
            try
            {
                return await action(context, arguments);
            }
            catch (DeploymentUsageException e)
            {
                return await CliErrors.WriteAsync(error, e.Message, CliErrors.Usage);
            }
        }, cancellationToken);
    }
}
