using System.CommandLine;
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
        var options = new ModelsOptions();
        var source = new Argument<string>("SOURCE") { Description = "runs:/<run_id>/<path>, mlflow-artifacts:/<path>, a local .onnx file, or a local MLflow model folder." };
        var name = new Option<string>("--name") { Description = "The registered model (created when absent).", Required = true };
        var runId = new Option<string?>("--run-id") { Description = "The run the model came from (taken from a runs:/ source when absent)." };
        var description = new Option<string?>("--description") { Description = "A description of the version." };
        var experiment = new Option<string>("--experiment-id") { Description = "Experiment of the run created for a local source.", DefaultValueFactory = _ => "0" };
        var command = options.Add(new Command("register", "Register a model version; ONNX packages are validated and checksummed by the server.")
        {
            source, name, runId, description, experiment,
        });
        options.SetAction(command, async (parse, http) =>
        {
            var modelName = parse.GetValue(name)!;
            var (uri, run) = await ResolveSourceAsync(http, parse.GetValue(source)!, parse.GetValue(experiment)!);
            run = parse.GetValue(runId) ?? run;
            await EnsureModelAsync(http, modelName);
            var request = new CreateModelVersionRequest(modelName, uri, run, null, null, parse.GetValue(description), null);
            var created = await http.SendAsync(HttpMethod.Post, $"{ModelsHttp.Mlflow}model-versions/create", request, Json.CreateModelVersionRequest, Json.ModelVersionResponse);
            if (http.Json)
            {
                await http.WriteJsonAsync(created, Json.ModelVersionResponse);
            }
            else
            {
                await http.Output.WriteLineAsync($"Registered '{modelName}' version {created.ModelVersion.Version} from {uri}.");
            }

            return 0;
        });
        return command;
    }

    private static async Task<(string Source, string? RunId)> ResolveSourceAsync(ModelsHttp http, string source, string experimentId)
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
            var bytes = await File.ReadAllBytesAsync(source, http.CancellationToken);
            try
            {
                Crucible.Onnx.OnnxModelReader.Read(bytes);
            }
            catch (Crucible.Core.Errors.CrucibleException e)
            {
                throw new ModelsCommandException($"'{source}' is {e.Message}");
            }

            var run = await NewRunAsync(http, experimentId);
            var written = await http.PostBytesAsync($"{ModelsHttp.Native}runs/{run.RunId}/packages/model", bytes, Json.WritePackageResponse);
            await FinishRunAsync(http, run.RunId);
            return (written.Source, run.RunId);
        }

        if (Directory.Exists(source))
        {
            var run = await NewRunAsync(http, experimentId);
            var root = run.ArtifactUri["mlflow-artifacts:".Length..].Trim('/');
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
                using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, http.CancellationToken));
                await http.SendAsync(HttpMethod.Put, $"api/2.0/mlflow-artifacts/artifacts/{root}/model/{relative}", content);
            }

            await FinishRunAsync(http, run.RunId);
            return ($"runs:/{run.RunId}/model", run.RunId);
        }

        throw new ModelsCommandException($"source '{source}' is neither a runs:/ or mlflow-artifacts:/ URI nor an existing file or folder.");
    }

    private static async Task<(string RunId, string ArtifactUri)> NewRunAsync(ModelsHttp http, string experimentId)
    {
        var request = new CreateRunRequest(experimentId, null, null, null, null);
        var run = await http.SendAsync(HttpMethod.Post, $"{ModelsHttp.Mlflow}runs/create", request, MlflowJsonContext.Wire.CreateRunRequest, MlflowJsonContext.Wire.RunResponse);
        if (!run.Run.Info.ArtifactUri.StartsWith("mlflow-artifacts:", StringComparison.Ordinal))
        {
            throw new ModelsCommandException($"the new run's artifacts are at '{run.Run.Info.ArtifactUri}', which the server does not proxy; upload the model there and register its runs:/ URI.");
        }

        return (run.Run.Info.RunId, run.Run.Info.ArtifactUri);
    }

    private static async Task FinishRunAsync(ModelsHttp http, string runId)
    {
        var update = new UpdateRunRequest(runId, null, "FINISHED", null, null);
        await http.SendAsync(HttpMethod.Post, $"{ModelsHttp.Mlflow}runs/update", update, MlflowJsonContext.Wire.UpdateRunRequest, MlflowJsonContext.Wire.UpdateRunResponse);
    }

    private static async Task EnsureModelAsync(ModelsHttp http, string name)
    {
        try
        {
            await http.SendAsync(HttpMethod.Post, $"{ModelsHttp.Mlflow}registered-models/create", new CreateRegisteredModelRequest(name, null, null), Json.CreateRegisteredModelRequest, Json.RegisteredModelResponse);
        }
        catch (ModelsCommandException e) when (e.Message.StartsWith("RESOURCE_ALREADY_EXISTS", StringComparison.Ordinal))
        {
            // Registering into an existing model, as mlflow.register_model does.
        }
    }
}
