using System.Globalization;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// <c>evaluate</c>: runs the model (a file or a registered version) over the dataset and, when the <c>champion</c>
/// exists, the champion too, row for row, as <c>crucible evaluate</c> does. Outputs every name a gate can use
/// (metrics, fairness, <c>champion.*</c>, <c>delta.*</c>) plus <c>champion</c> (the version compared with, empty
/// without one) and <c>rows</c>.
/// </summary>
public sealed class EvaluateStep(IDatasetFiles datasets, IModelFiles models) : IPipelineStep
{
    public string Type => StepTypes.Evaluate;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var modelSetting = settings.RequiredText("model");
        var model = await models.TryReadAsync(modelSetting, cancellationToken).ConfigureAwait(false)
            ?? throw new PipelineStepException($"model '{modelSetting}' does not exist");
        (byte[] Onnx, string Resolved)? champion = null;
        if (settings.Text("champion") is { } championSetting)
        {
            champion = await models.TryReadAsync(championSetting, cancellationToken).ConfigureAwait(false);
            context.Log.Line(champion is { } c ? $"champion {championSetting} is {c.Resolved}" : $"champion {championSetting} does not exist: evaluating without one");
        }

        var path = await datasets.LocalPathAsync(settings.RequiredText("dataset"), context.WorkDirectory, cancellationToken).ConfigureAwait(false);
        var spec = new EvaluationSpec
        {
            Task = settings.Text("task") switch
            {
                null or "binary" => EvaluationTask.Binary,
                "regression" => EvaluationTask.Regression,
                var other => throw new PipelineStepException($"task '{other}' is not binary or regression"),
            },
            Columns = new PredictionColumns(settings.Text("label") ?? "label"),
            SliceBy = settings.TextList("slice_by"),
            SensitiveColumn = settings.Text("sensitive"),
        };
        EvaluationResult result;
        try
        {
            result = await Task.Run(
                () =>
                {
                    var dataset = Dataset.Read(path, spec.Columns.Label, excludeColumns: settings.TextList("exclude_columns"));
                    var table = Predict(model.Onnx, dataset, spec);
                    return Evaluator.Evaluate(table, spec, champion is { } c ? Predict(c.Onnx, dataset, spec) : null);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (EvaluationInputException e)
        {
            throw new PipelineStepException(e.Message);
        }
        catch (OnnxRuntimeException e)
        {
            throw new PipelineStepException($"the model could not be run over the dataset: {e.Message}");
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rows"] = result.RowCount.ToString(CultureInfo.InvariantCulture),
            ["champion"] = champion?.Resolved ?? string.Empty,
            ["model"] = model.Resolved,
        };
        foreach (var (name, value) in Evaluator.GateScope(result).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            outputs[name] = value.ToString("R", CultureInfo.InvariantCulture);
            if (!name.Contains('.', StringComparison.Ordinal) || name.StartsWith("champion.", StringComparison.Ordinal))
            {
                context.Log.Line($"{name} = {value.ToString("0.######", CultureInfo.InvariantCulture)}");
            }
        }

        return outputs;
    }

    private static PredictionTable Predict(byte[] onnx, Dataset dataset, EvaluationSpec spec)
    {
        using var session = new OnnxSession(OnnxModelRewriter.ReplaceZipMapWithTensor(onnx, out _));
        return ModelRunner.Predict(session, dataset, spec, new ModelRunSettings());
    }
}
