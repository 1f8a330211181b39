using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Pipelines;
using Crucible.Pipelines.Specs;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible pipelines validate FILE | create FILE | run NAME [--wait] | runs NAME | show RUN_ID</c>: YAML
/// pipelines and their runs. <c>validate</c> works offline and exits 1 for an invalid file (each problem printed as
/// <c>FILE:LINE:COLUMN: message</c>); <c>run --wait</c> exits 1 when the run fails.
/// </summary>
internal static class PipelinesCommand
{
    public const int Invalid = 1;

    private static PipelinesJsonContext Json => PipelinesJsonContext.Default;

    public static Command Create() => new("pipelines", "YAML pipelines (validate, train, evaluate, gate, register, deploy, promote, notify) and their runs.")
    {
        Validate(), CreatePipeline(), Run(), Runs(), Show(),
    };

    private static Argument<string> FileArgument() => new("FILE") { Description = "A pipeline YAML file." };

    private static Command Validate()
    {
        var file = FileArgument();
        var json = new Option<bool>("--json") { Description = "Write {valid, name, errors, steps} as JSON." };
        var command = new Command("validate", "Check a pipeline file without a server: exit code 1 and FILE:LINE:COLUMN messages when it is invalid.") { file, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var output = parse.InvocationConfiguration.Output;
            string yaml;
            try
            {
                yaml = await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, e.Message, DataCommand.BadInput);
            }

            ValidatePipelineResponse answer;
            try
            {
                var spec = PipelineSpecParser.Parse(yaml);
                answer = new ValidatePipelineResponse(true, spec.Name, [], [.. spec.Steps.Select(s => new PipelineStepDto(s.Id, s.Type, s.Needs))]);
            }
            catch (PipelineSpecException e)
            {
                answer = new ValidatePipelineResponse(false, null, [.. e.Errors.Select(x => new PipelineErrorDto(x.Line, x.Column, x.Message))], null);
            }

            if (parse.GetValue(json))
            {
                await JsonOutput.WriteAsync(output, answer, Json.ValidatePipelineResponse);
            }
            else if (answer.Valid)
            {
                await output.WriteLineAsync($"{path}: pipeline '{answer.Name}' is valid; steps run in this order: {string.Join(" -> ", answer.Steps!.Select(s => s.Id))}.");
            }
            else
            {
                foreach (var error in answer.Errors)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(CliErrors.Line($"{path}:{error.Line}:{error.Column}: {error.Message}"));
                }
            }

            return answer.Valid ? 0 : Invalid;
        });
        return command;
    }

    private static Command CreatePipeline()
    {
        var options = new ClientOptions();
        var file = FileArgument();
        var command = new Command("create", "Create the pipeline a file describes on the server, or replace the pipeline of that name. With --json, writes {\"pipeline\": {...}}.") { file };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string yaml;
            try
            {
                yaml = await File.ReadAllTextAsync(parse.GetValue(file)!, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, e.Message, DataCommand.BadInput);
            }

            return await options.RunAsync(
                parse,
                async context =>
                {
                    var pipeline = await context.Client.SavePipelineAsync(yaml, context.CancellationToken);
                    if (context.Json)
                    {
                        await JsonOutput.WriteAsync(context.Output, new PipelineResponse(pipeline), Json.PipelineResponse);
                    }
                    else
                    {
                        PipelineTables.Write(context.Console, pipeline);
                    }

                    return 0;
                },
                cancellationToken);
        });
        return command;
    }

    private static Command Run()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("NAME") { Description = "The pipeline." };
        var parameters = new Option<string[]>("--param") { Description = "Override a parameter: NAME=VALUE (repeatable).", AllowMultipleArgumentsPerToken = false };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run to end, then show its steps; exit code 1 when it failed." };
        var poll = new Option<double>("--poll-seconds") { Description = "How often --wait asks the server.", DefaultValueFactory = _ => 1 };
        var command = new Command("run", "Start a run by hand. With --json, writes {\"run\": {...}} (at its end with --wait).") { name, parameters, wait, poll };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var text in parse.GetValue(parameters) ?? [])
            {
                if (KeyValues.Parse(text) is not { Key: { } key, Value: { } value })
                {
                    return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, $"--param '{text}' is not NAME=VALUE.", DataCommand.BadInput);
                }

                overrides[key] = value;
            }

            return await options.RunAsync(
                parse,
                async context =>
                {
                    var run = await context.Client.StartPipelineRunAsync(parse.GetValue(name)!, overrides, context.CancellationToken);
                    if (parse.GetValue(wait))
                    {
                        var delay = TimeSpan.FromSeconds(Math.Max(0.05, parse.GetValue(poll)));
                        while (run.Status is not ("succeeded" or "failed"))
                        {
                            await Task.Delay(delay, context.CancellationToken);
                            run = await context.Client.GetPipelineRunAsync(run.RunId, context.CancellationToken);
                        }
                    }

                    if (context.Json)
                    {
                        await JsonOutput.WriteAsync(context.Output, new PipelineRunResponse(run), Json.PipelineRunResponse);
                    }
                    else if (parse.GetValue(wait))
                    {
                        PipelineTables.WriteRun(context.Console, run);
                    }
                    else
                    {
                        await context.Output.WriteLineAsync($"Started run {run.RunId} of pipeline {run.Pipeline}; follow it with: crucible pipelines show {run.RunId}");
                    }

                    return run.Status == "failed" ? 1 : 0;
                },
                cancellationToken);
        });
        return command;
    }

    private static Command Runs()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("NAME") { Description = "The pipeline." };
        var max = new Option<int?>("--max-results") { Description = "At most this many runs, newest first (default 100)." };
        var command = new Command("runs", "List a pipeline's runs, newest first. With --json, writes {\"runs\": [...]}.") { name, max };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(
            parse,
            async context =>
            {
                var runs = await context.Client.ListPipelineRunsAsync(parse.GetValue(name)!, parse.GetValue(max), context.CancellationToken);
                if (context.Json)
                {
                    await JsonOutput.WriteAsync(context.Output, new PipelineRunsResponse(runs), Json.PipelineRunsResponse);
                }
                else
                {
                    PipelineTables.WriteRuns(context.Console, runs);
                }

                return 0;
            },
            cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var options = new ClientOptions();
        var id = new Argument<string>("RUN_ID") { Description = "The pipeline run." };
        var command = new Command("show", "Show a run's steps (status, duration, links) and the log of a failed step. With --json, writes {\"run\": {...}} with every log and output.") { id };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(
            parse,
            async context =>
            {
                var run = await context.Client.GetPipelineRunAsync(parse.GetValue(id)!, context.CancellationToken);
                if (context.Json)
                {
                    await JsonOutput.WriteAsync(context.Output, new PipelineRunResponse(run), Json.PipelineRunResponse);
                }
                else
                {
                    PipelineTables.WriteRun(context.Console, run);
                }

                return 0;
            },
            cancellationToken));
        return command;
    }
}
