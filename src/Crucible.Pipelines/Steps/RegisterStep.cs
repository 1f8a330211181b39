using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;
using Crucible.Registry;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// <c>register</c>: writes the ONNX file as a model package into the tracking run's artifacts (<c>model/</c>) and
/// registers it as the next version of the model (created if needed), validated like any registration and tagged with
/// the pipeline and its run. Outputs: <c>name</c>, <c>version</c>, <c>uri</c> (<c>models:/NAME/VERSION</c>),
/// <c>run_id</c>, <c>source</c>. The version's run is the setting <c>run_id</c>, else the run of the earlier step
/// whose <c>model</c> output is this file (a <c>train</c> step), so the version's lineage reaches the trainer's
/// params, metrics and datasets; only a file no step produced gets a run of its own, ended FINISHED once the version
/// is registered. A version stays registered when a later step fails: it is a record of what was tried and, with
/// no alias or route pointing at it, serves nothing.
/// </summary>
public sealed class RegisterStep(IModelRegistryStore registry, IRunStore runs, IArtifactStore artifacts, TrainingRuns training, TimeProvider time) : IPipelineStep
{
    public const string PackageFolder = "model";

    public string Type => StepTypes.Register;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var file = settings.RequiredText("model");
        var name = RegistryLimits.ModelName(settings.RequiredText("name"));
        if (!File.Exists(file))
        {
            throw new PipelineStepException($"model file '{file}' does not exist");
        }

        var onnx = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        var runId = settings.Text("run_id") is { Length: > 0 } given ? given : ProducingRun(context, file);
        var ownRun = runId is null;
        runId ??= await training.StartAsync($"pipelines/{context.Pipeline.Name}", context.Pipeline, context.RunId, $"{context.Pipeline.Name}-{context.Step.Id}", cancellationToken).ConfigureAwait(false);
        context.Log.Line(ownRun ? $"no step produced {file}; run {runId} holds the package" : $"source run {runId}");
        var succeeded = false;
        try
        {
            var outputs = await RegisterAsync(context, file, name, onnx, runId, cancellationToken).ConfigureAwait(false);
            succeeded = true;
            return outputs;
        }
        finally
        {
            if (ownRun)
            {
                await training.EndAsync(runId, succeeded).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The run of a finished step whose <c>model</c> output is <paramref name="file"/>, if it has one.</summary>
    private static string? ProducingRun(StepContext context, string file)
    {
        var full = Path.GetFullPath(file);
        return context.Outputs.Values
            .Where(o => o.TryGetValue("model", out var model) && string.Equals(Path.GetFullPath(model), full, StringComparison.Ordinal))
            .Select(o => o.TryGetValue("run_id", out var run) && run.Length > 0 ? run : null)
            .LastOrDefault(r => r is not null);
    }

    private async Task<IReadOnlyDictionary<string, string>> RegisterAsync(
        StepContext context, string file, string name, byte[] onnx, string runId, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var source = $"{ModelSource.RunsScheme}{runId}/{PackageFolder}";
        var folder = (await ModelSource.ResolveAsync(source, runs, cancellationToken).ConfigureAwait(false))!;
        await ModelPackageWriter.WriteAsync(artifacts, folder, source, onnx, runId, time, cancellationToken).ConfigureAwait(false);
        context.Log.Line($"package written to {source}");
        try
        {
            await registry.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            try
            {
                await registry.CreateRegisteredModelAsync(name, [], null, context.Pipeline.Workspace, cancellationToken).ConfigureAwait(false);
                context.Log.Line($"registered model '{name}' created");
            }
            catch (CrucibleException again) when (again.Code == ErrorCode.ResourceAlreadyExists)
            {
                // Another run created it at the same time.
            }
        }

        Tag[] tags = [new(TrainingRuns.PipelineTag, context.Pipeline.Name), new(TrainingRuns.PipelineRunTag, context.RunId)];
        var version = await ModelRegistration.RegisterAsync(
            new CreateModelVersionRequest(name, source, runId, tags, null, settings.Text("description"), null), registry, runs, artifacts, cancellationToken).ConfigureAwait(false);
        var uri = ModelUris.Format(name, version.Version);
        context.Log.Line($"registered {uri}");
        return new Dictionary<string, string>
        {
            ["name"] = name,
            ["version"] = version.Version,
            ["uri"] = uri,
            ["run_id"] = runId,
            ["source"] = source,
        };
    }
}
