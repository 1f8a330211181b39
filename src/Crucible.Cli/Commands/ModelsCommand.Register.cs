using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible models register</c>: a <c>runs:/</c> or <c>mlflow-artifacts:/</c> source is registered as is; a local
/// <c>.onnx</c> file is first written as a package into a new run; a local folder is uploaded into a new run.
/// </summary>
internal static partial class ModelsCommand
{
    private static Command Register()
    {
        var options = new ClientOptions();
        var source = new Argument<string>("SOURCE") { Description = "runs:/<run_id>/<path>, mlflow-artifacts:/<path>, a local .onnx file, or a local MLflow model folder." };
        var name = new Option<string>("--name") { Description = "The registered model (created when absent).", Required = true };
        var runId = new Option<string?>("--run-id") { Description = "The run the model came from (taken from a runs:/ source when absent)." };
        var description = new Option<string?>("--description") { Description = "A description of the version." };
        var experiment = new Option<string>("--experiment-id") { Description = "Experiment of the run created for a local source.", DefaultValueFactory = _ => "0" };
        var command = options.Add(new Command("register", "Register a model version; ONNX packages are validated and checksummed by the server.")
        {
            source, name, runId, description, experiment,
        });
        options.SetAction(command, async (parse, context) =>
        {
            var modelName = parse.GetValue(name)!;
            var (uri, run) = await ResolveSourceAsync(context, parse.GetValue(source)!, parse.GetValue(experiment)!);
            run = parse.GetValue(runId) ?? run;
            await EnsureModelAsync(context, modelName);
            var created = await context.Client.CreateModelVersionAsync(modelName, uri, run, parse.GetValue(description), cancellationToken: context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new ModelVersionResponse(created), Json.ModelVersionResponse);
            }
            else
            {
                await context.Output.WriteLineAsync($"Registered '{modelName}' version {created.Version} from {uri}.");
            }

            return 0;
        });
        return command;
    }

    private static async Task<(string Source, string? RunId)> ResolveSourceAsync(ClientContext context, string source, string experimentId)
    {
        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            var rest = source["runs:/".Length..].TrimStart('/');
            return (source, rest.Split('/')[0]);
        }

        if (source.Contains(":/", StringComparison.Ordinal))
        {
            return (source, null);
        }

        if (File.Exists(source))
        {
            // Refuse a file that is not ONNX before anything is created on the server.
            var bytes = await File.ReadAllBytesAsync(source, context.CancellationToken);
            try
            {
                Crucible.Onnx.Model.OnnxModelReader.Read(bytes);
            }
            catch (Crucible.Core.Errors.CrucibleException e)
            {
                throw new CommandFailedException($"'{source}' is {e.Message}");
            }

            var run = await NewRunAsync(context, experimentId);
            var written = await context.Client.WriteModelPackageAsync(run.RunId, new MemoryStream(bytes, writable: false), cancellationToken: context.CancellationToken);
            await context.Client.UpdateRunAsync(run.RunId, RunStatus.Finished, cancellationToken: context.CancellationToken);
            return (written.Source, run.RunId);
        }

        if (Directory.Exists(source))
        {
            var run = await NewRunAsync(context, experimentId);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
                await context.Client.UploadArtifactFileAsync(CrucibleClient.ArtifactProxyPath(run.ArtifactUri, "model/" + relative), file, context.CancellationToken);
            }

            await context.Client.UpdateRunAsync(run.RunId, RunStatus.Finished, cancellationToken: context.CancellationToken);
            return ($"runs:/{run.RunId}/model", run.RunId);
        }

        throw new CommandFailedException($"source '{source}' is neither a runs:/ or mlflow-artifacts:/ URI nor an existing file or folder.");
    }

    private static async Task<(string RunId, string ArtifactUri)> NewRunAsync(ClientContext context, string experimentId)
    {
        var run = await context.Client.CreateRunAsync(experimentId, cancellationToken: context.CancellationToken);
        if (!run.Info.ArtifactUri.StartsWith("mlflow-artifacts:", StringComparison.Ordinal))
        {
            throw new CommandFailedException($"the new run's artifacts are at '{run.Info.ArtifactUri}', which the server does not proxy; upload the model there and register its runs:/ URI.");
        }

        return (run.Info.RunId, run.Info.ArtifactUri);
    }

    private static async Task EnsureModelAsync(ClientContext context, string name)
    {
        try
        {
            await context.Client.CreateRegisteredModelAsync(name, cancellationToken: context.CancellationToken);
        }
        catch (CrucibleApiException e) when (e.ErrorCode == "RESOURCE_ALREADY_EXISTS")
        {
            // Registering into an existing model, as mlflow.register_model does.
        }
    }
}
