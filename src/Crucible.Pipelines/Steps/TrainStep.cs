using Crucible.Core.Errors;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Model;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;
using Crucible.Pipelines.Training;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// <c>train</c>: a built-in trainer (from the injected catalog) or any command, over the dataset, into a tracking
/// run. A command gets <c>CRUCIBLE_RUN_ID</c>, <c>CRUCIBLE_TRAIN_PATH</c>, <c>CRUCIBLE_OUTPUT_DIR</c>,
/// <c>CRUCIBLE_LABEL</c>, <c>CRUCIBLE_PIPELINE</c>, <c>CRUCIBLE_PIPELINE_RUN_ID</c>, <c>CRUCIBLE_TRACKING_URI</c>
/// (when known) and one <c>CRUCIBLE_PARAM_NAME</c> per param, and must write <c>model.onnx</c> into the output
/// folder. The run records the dataset as a <c>training</c> input (name, digest, source), the params (and the
/// built-in trainer's name and metrics) and ends FINISHED or FAILED. Outputs: <c>model</c> (the ONNX file),
/// <c>run_id</c>, <c>output_dir</c>. A command runs only when <paramref name="commands"/> allows it (never by default),
/// in the sandbox <see cref="CommandRunner"/> describes: these variables, <c>env</c>, <c>PATH</c>, <c>LANG</c> and
/// <c>HOME</c> (its own working folder) are its whole environment.
/// </summary>
public sealed class TrainStep(
    IDatasetFiles datasets, TrainingRuns? runs, Func<string, ITrainer>? trainers, Func<string?>? trackingUri = null, CommandStepOptions? commands = null) : IPipelineStep
{
    public const string ModelFile = "model.onnx";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    /// <summary>Why a command step does not run on a server that does not allow them.</summary>
    public const string CommandRefused = "command steps are not allowed on this server (start it with --allow-command-steps to allow them; only admins may then create pipelines that hold one)";

    public string Type => StepTypes.Train;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        if (settings.Text("trainer") is null && !(commands ?? CommandStepOptions.Disabled).Allowed)
        {
            throw new PipelineStepException(CommandRefused);
        }

        var reference = settings.RequiredText("dataset");
        var data = await datasets.LocalPathAsync(reference, context.WorkDirectory, cancellationToken).ConfigureAwait(false);
        var output = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "output")).FullName;
        var parameters = settings.TextMap("params");
        var experiment = settings.Text("experiment") ?? $"pipelines/{context.Pipeline.Name}";
        var runId = runs is null ? null : await runs.StartAsync(experiment, context.Pipeline, context.RunId, $"{context.Pipeline.Name}-{context.Step.Id}", cancellationToken).ConfigureAwait(false);
        if (runId is not null)
        {
            context.Log.Line($"tracking run {runId} in experiment '{experiment}'");
        }

        var succeeded = false;
        try
        {
            if (runId is not null)
            {
                var input = await datasets.DescribeAsync(reference, data, cancellationToken).ConfigureAwait(false);
                await runs!.LogDatasetAsync(runId, input, "training", cancellationToken).ConfigureAwait(false);
                context.Log.Line($"training input {input.Name} (digest {input.Digest}, {input.Source})");
            }

            if (settings.Text("trainer") is { } name)
            {
                await TrainBuiltInAsync(context, name, data, output, parameters, runId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var environment = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["CRUCIBLE_RUN_ID"] = runId ?? string.Empty,
                    ["CRUCIBLE_TRAIN_PATH"] = data,
                    ["CRUCIBLE_OUTPUT_DIR"] = output,
                    ["CRUCIBLE_LABEL"] = settings.Text("label") ?? string.Empty,
                    ["CRUCIBLE_PIPELINE"] = context.Pipeline.Name,
                    ["CRUCIBLE_PIPELINE_RUN_ID"] = context.RunId,
                };
                if (trackingUri?.Invoke() is { } tracking)
                {
                    environment["CRUCIBLE_TRACKING_URI"] = tracking;
                    environment["MLFLOW_TRACKING_URI"] = tracking;
                }

                foreach (var (key, value) in parameters)
                {
                    environment["CRUCIBLE_PARAM_" + key.ToUpperInvariant()] = value;
                }

                foreach (var (key, value) in settings.TextMap("env"))
                {
                    environment[key] = value;
                }

                if (runId is not null && parameters.Count > 0)
                {
                    await runs!.LogAsync(runId, parameters, new Dictionary<string, double>(), cancellationToken).ConfigureAwait(false);
                }

                await CommandRunner.RunAsync(
                    settings.TextList("command"), environment, Path.Combine(context.WorkDirectory, "command-" + context.Step.Id), settings.Duration("timeout") ?? DefaultTimeout, commands!, context.Log, cancellationToken).ConfigureAwait(false);
            }

            var model = Path.Combine(output, ModelFile);
            if (!File.Exists(model))
            {
                throw new PipelineStepException($"training finished but wrote no {ModelFile} into {output} (CRUCIBLE_OUTPUT_DIR)");
            }

            try
            {
                var info = OnnxModelReader.Read(await File.ReadAllBytesAsync(model, cancellationToken).ConfigureAwait(false));
                context.Log.Line($"{ModelFile}: inputs {string.Join(", ", info.Inputs.Select(i => i.Name))}; outputs {string.Join(", ", info.Outputs.Select(o => o.Name))}");
            }
            catch (CrucibleException e)
            {
                throw new PipelineStepException($"{ModelFile} written by training is not a valid ONNX model: {e.Message}");
            }

            succeeded = true;
            var outputs = new Dictionary<string, string> { ["model"] = model, ["output_dir"] = output, ["run_id"] = runId ?? string.Empty };
            return outputs;
        }
        finally
        {
            if (runId is not null)
            {
                await runs!.EndAsync(runId, succeeded).ConfigureAwait(false);
            }
        }
    }

    private async Task TrainBuiltInAsync(
        StepContext context, string name, string data, string output, IReadOnlyDictionary<string, string> parameters, string? runId, CancellationToken cancellationToken)
    {
        if (trainers is null)
        {
            throw new PipelineStepException($"trainer '{name}': this server has no built-in trainers; use 'command' instead");
        }

        ITrainer trainer;
        try
        {
            trainer = trainers(name);
        }
        catch (ArgumentException e)
        {
            throw new PipelineStepException($"unknown trainer '{name}': {e.Message}");
        }

        var label = trainer.Task == TrainingTask.Clustering ? context.Settings.Text("label") : context.Settings.RequiredText("label");
        TrainedModel model;
        try
        {
            var dataset = Dataset.Read(data, label, excludeColumns: context.Settings.TextList("exclude_columns"));
            context.Log.Line($"training {trainer.Name} on {dataset.RowCount} rows, {dataset.FeatureNames.Count} features, {(label is null ? "no label" : $"label '{label}'")}");
            model = await Task.Run(() => trainer.Train(dataset, label, parameters, null, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new PipelineStepException($"trainer '{name}': {e.Message}");
        }
        catch (Evaluation.Inputs.EvaluationInputException e)
        {
            throw new PipelineStepException($"trainer '{name}': {e.Message}");
        }

        foreach (var (metric, value) in model.Metrics)
        {
            context.Log.Line($"{metric} = {value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        await File.WriteAllBytesAsync(Path.Combine(output, ModelFile), model.Onnx, cancellationToken).ConfigureAwait(false);
        if (runId is not null)
        {
            var logged = new Dictionary<string, string>(model.Parameters, StringComparer.Ordinal) { ["trainer"] = trainer.Name };
            await runs!.LogAsync(runId, logged, model.Metrics, cancellationToken).ConfigureAwait(false);
        }
    }
}
