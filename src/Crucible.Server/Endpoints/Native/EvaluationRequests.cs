using Crucible.Contracts.Evaluation;
using Crucible.Core.Errors;
using Crucible.Evaluation.Gates;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Runtime;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// Reads an evaluation request (bounded body), turns it into an <see cref="EvaluationSpec"/> as <c>crucible evaluate</c>
/// does, and evaluates the predictions or the version's model over the dataset. Every input problem (JSON, CSV cell,
/// column, gate, model output) becomes <c>InvalidParameterValue</c> with the evaluator's message, never a 500.
/// </summary>
internal static class EvaluationRequests
{
    /// <summary>Largest request body: the CSV text travels inside the JSON.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    public const int MaxBootstrapResamples = 10_000;

    private const int MaxDatasetNameLength = 100;

    private static EvaluationApiJsonContext Json => EvaluationApiJsonContext.Default;

    public static async Task<EvaluateVersionRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var json = await MlflowRequest.ReadBodyAsync(request, MaxBodyBytes, cancellationToken);
        return MlflowRequest.Deserialize(json.Length == 0 ? "{}"u8.ToArray() : json, Json.EvaluateVersionRequest);
    }

    /// <summary>The dataset name of the metric keys: letters, digits, <c>_ - .</c>; <c>default</c> when absent.</summary>
    public static string DatasetName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "default";
        }

        if (name.Length > MaxDatasetNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') || name.Split('.').Any(p => p.Length == 0))
        {
            throw CrucibleException.Invalid(
                $"Invalid dataset_name '{name}': use at most {MaxDatasetNameLength} letters, digits, '_', '-' and '.' (metrics are named eval.<dataset_name>.<metric>).");
        }

        return name;
    }

    /// <summary>Evaluates the request: its predictions, or the version's verified model run over its dataset.</summary>
    public static async Task<EvaluationResult> EvaluateAsync(EvaluateVersionRequest request, IModelSource models, string name, string version, CancellationToken cancellationToken)
    {
        if ((request.PredictionsCsv is null) == (request.DatasetCsv is null))
        {
            throw CrucibleException.Invalid("Give exactly one of 'predictions_csv' (predictions with labels) or 'dataset_csv' (features and labels, run through the version's model).");
        }

        try
        {
            var spec = Spec(request);
            if (request.PredictionsCsv is { } predictions)
            {
                using var reader = new StringReader(predictions);
                return Evaluator.Evaluate(PredictionTable.PredictionCsv(reader, "predictions_csv", spec.Task, spec.Columns), spec);
            }

            Dataset dataset;
            using (var reader = new StringReader(request.DatasetCsv!))
            {
                dataset = Dataset.ReadCsv(reader, "dataset_csv", spec.Columns.Label, excludeColumns: request.ExcludeColumns ?? []);
            }

            var settings = new ModelRunSettings { ScoreOutput = request.ScoreOutput };
            var model = await models.OpenAsync(name, version, cancellationToken);
            if (model.LocalPath is not { } path)
            {
                return ModelRunner.Evaluate(model.Bytes.ToArray(), dataset, spec, settings);
            }

            // External weights: the source laid the verified files out in a private folder; open by path, then remove it.
            try
            {
                using var session = OnnxSession.FromFile(path);
                return Evaluator.Evaluate(ModelRunner.Predict(session, dataset, spec, settings), spec);
            }
            finally
            {
                TryDelete(Path.GetDirectoryName(path));
            }
        }
        catch (EvaluationInputException e)
        {
            throw CrucibleException.Invalid(e.Message);
        }
        catch (GateSyntaxException e)
        {
            throw CrucibleException.Invalid($"Invalid gate: {e.Message}");
        }
        catch (OnnxRuntimeException e)
        {
            throw CrucibleException.Invalid($"The model could not be run over dataset_csv: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw CrucibleException.Invalid(e.Message);
        }
    }

    /// <summary>The spec, with <c>crucible evaluate</c>'s defaults (label <c>label</c>; binary predictions score <c>score</c>; regression <c>prediction</c>).</summary>
    internal static EvaluationSpec Spec(EvaluateVersionRequest request)
    {
        var task = request.Task?.ToLowerInvariant() switch
        {
            null or "binary" => EvaluationTask.Binary,
            "multiclass" => EvaluationTask.Multiclass,
            "regression" => EvaluationTask.Regression,
            _ => throw CrucibleException.Invalid($"Invalid task '{request.Task}': expected binary, multiclass or regression."),
        };
        var scores = request.ScoreColumns ?? [];
        if (task == EvaluationTask.Binary && scores.Count == 0 && request.PredictionColumn is null && request.DatasetCsv is null)
        {
            scores = ["score"];
        }

        if (request.Bootstrap is < 0 or > MaxBootstrapResamples)
        {
            throw CrucibleException.Invalid($"Invalid bootstrap {request.Bootstrap}: expected 0 to {MaxBootstrapResamples} resamples.");
        }

        if (request.ConfidenceLevel is { } level && !(level > 0 && level < 1))
        {
            throw CrucibleException.Invalid($"Invalid confidence_level {level}: expected a number between 0 and 1.");
        }

        if (request.MinSliceSize is < 0)
        {
            throw CrucibleException.Invalid($"Invalid min_slice_size {request.MinSliceSize}: expected 0 or more.");
        }

        return new EvaluationSpec
        {
            Task = task,
            Columns = new PredictionColumns(
                request.LabelColumn ?? "label", request.PredictionColumn ?? (task == EvaluationTask.Regression ? "prediction" : null), [.. scores], request.WeightColumn)
            {
                Classes = request.Classes is null ? null : [.. request.Classes],
            },
            SliceBy = [.. request.SliceBy ?? []],
            SensitiveColumn = request.Sensitive,
            MinSliceSize = request.MinSliceSize ?? 30,
            Bootstrap = new BootstrapSettings(request.Bootstrap ?? 0, request.Seed ?? 0, request.ConfidenceLevel ?? 0.95),
            Gate = request.Gate,
        };
    }

    private static void TryDelete(string? folder)
    {
        try
        {
            if (folder is not null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover copy in the model cache is harmless; the next evaluation lays out its own.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
