using System.Globalization;
using Crucible.Contracts.Evaluation;
using Crucible.Contracts.Optimization;
using Crucible.Core.Errors;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Runtime;
using Crucible.Optimization;
using Crucible.Optimization.Accuracy;
using Crucible.Optimization.Quantization;
using Crucible.Server.Endpoints.Mlflow;

namespace Crucible.Server.Endpoints.Native;

/// <summary>Reads and checks an optimize request: the transform and its settings, and the optional dataset.</summary>
internal static class OptimizationRequests
{
    private static OptimizationApiJsonContext Json => OptimizationApiJsonContext.Default;

    public static async Task<OptimizeVersionRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var json = await MlflowRequest.ReadBodyAsync(request, EvaluationRequests.MaxBodyBytes, cancellationToken);
        return MlflowRequest.Deserialize(json.Length == 0 ? "{}"u8.ToArray() : json, Json.OptimizeVersionRequest);
    }

    /// <summary>The transform and its settings; calibration batches are added by the caller once the model is known.</summary>
    public static OptimizationRequest Transform(OptimizeVersionRequest request)
    {
        if (!OptimizationTransforms.TryParse(request.Transform, out var transform))
        {
            throw CrucibleException.Invalid($"Invalid transform '{request.Transform}': expected one of {string.Join(", ", OptimizationTransforms.All.Select(t => t.Name()))}.");
        }

        var level = request.GraphLevel?.ToLowerInvariant() switch
        {
            null or "extended" => OnnxGraphOptimizationLevel.Extended,
            "basic" => OnnxGraphOptimizationLevel.Basic,
            "all" => OnnxGraphOptimizationLevel.All,
            _ => throw CrucibleException.Invalid($"Invalid graph_level '{request.GraphLevel}': expected basic, extended or all."),
        };
        var calibration = request.Calibration?.ToLowerInvariant() switch
        {
            null or "minmax" => CalibrationMethod.MinMax,
            "percentile" => CalibrationMethod.Percentile,
            _ => throw CrucibleException.Invalid($"Invalid calibration '{request.Calibration}': expected minmax or percentile."),
        };
        if (request.Percentile is { } p && !(p > 50 && p <= 100))
        {
            throw CrucibleException.Invalid($"Invalid percentile {p.ToString(CultureInfo.InvariantCulture)}: expected a number above 50 and at most 100.");
        }

        if (transform == OptimizationTransform.Int8Static && request.DatasetCsv is null)
        {
            throw CrucibleException.Invalid("int8-static needs 'dataset_csv' to calibrate on.");
        }

        if (request.Gate is not null && request.DatasetCsv is null)
        {
            throw CrucibleException.Invalid("A gate needs 'dataset_csv' to measure the variant on.");
        }

        return new OptimizationRequest(transform)
        {
            GraphLevel = level,
            PerChannel = request.PerChannel ?? false,
            Calibration = calibration,
            Percentile = request.Percentile ?? 99.99,
        };
    }

    /// <summary>The dataset and the evaluation spec (task, label), as server-side evaluation reads them; null without a dataset.</summary>
    public static (Dataset Dataset, Evaluation.Harness.EvaluationSpec Spec)? Dataset(OptimizeVersionRequest request)
    {
        if (request.DatasetCsv is not { } csv)
        {
            return null;
        }

        try
        {
            var spec = EvaluationRequests.Spec(new EvaluateVersionRequest { Task = request.Task, LabelColumn = request.LabelColumn, DatasetCsv = csv });
            using var reader = new StringReader(csv);
            return (Evaluation.Models.Dataset.ReadCsv(reader, "dataset_csv", spec.Columns.Label, excludeColumns: request.ExcludeColumns ?? []), spec);
        }
        catch (EvaluationInputException e)
        {
            throw CrucibleException.Invalid(e.Message);
        }
    }

    public static AccuracyDeltaDto ToDto(AccuracyDelta delta, string datasetName) => new(
        datasetName, delta.RowCount, delta.ParentMetrics, delta.VariantMetrics, delta.Deltas, delta.Agreement, delta.MaxAbsDifference);

    public static ModelRunSettings RunSettings(OptimizeVersionRequest request) => new() { ScoreOutput = request.ScoreOutput };
}
