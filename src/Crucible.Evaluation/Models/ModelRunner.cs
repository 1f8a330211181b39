using System.Globalization;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;

namespace Crucible.Evaluation.Models;

/// <summary>Runs an ONNX model over a dataset in batches through <see cref="OnnxSession"/> and returns its predictions.</summary>
public static class ModelRunner
{
    /// <summary>
    /// Loads a registered model's bytes, predicts the dataset, and evaluates the predictions. A ZipMap probability
    /// output (skl2onnx's default) is rewritten to its [N, K] tensor first.
    /// </summary>
    public static EvaluationResult Evaluate(byte[] model, Dataset dataset, EvaluationSpec spec, ModelRunSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        using var session = new OnnxSession(OnnxModelRewriter.ReplaceZipMapWithTensor(model, out _));
        return Evaluator.Evaluate(Predict(session, dataset, spec, settings ?? new ModelRunSettings()), spec);
    }

    /// <summary>
    /// Predicts every row: binary keeps the probability of class 1 (column 1 of an [N, 2] output, or the single column),
    /// multiclass keeps all K columns, regression the single value. Labels come from the spec's label column.
    /// </summary>
    public static PredictionTable Predict(OnnxSession session, Dataset dataset, EvaluationSpec spec, ModelRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BatchSize, 1);
        var width = dataset.FeatureNames.Count;
        var inputName = settings.InputName ?? session.Inputs[0].Name;
        var outputs = settings.ScoreOutput is null ? null : new[] { settings.ScoreOutput };
        var classification = spec.Task != EvaluationTask.Regression;
        var values = new List<double>(dataset.RowCount * (spec.Task == EvaluationTask.Multiclass ? 4 : 1));
        var classCount = 0;
        for (var start = 0; start < dataset.RowCount; start += settings.BatchSize)
        {
            var rows = Math.Min(settings.BatchSize, dataset.RowCount - start);
            var batch = dataset.Features.AsMemory(start * width, rows * width);
            var input = OnnxTensor.FromMemory<float>(batch, rows, width);
            var result = session.Run([KeyValuePair.Create(inputName, (OnnxTensor)input)], outputs);
            var tensor = PickOutput(result, classification, settings.ScoreOutput);
            var data = tensor.ElementType == OnnxElementType.Fp64
                ? tensor.ToArray<double>()
                : Array.ConvertAll(tensor.ToArray<float>(), v => (double)v);
            var columns = tensor.Shape.Count == 2 ? (int)tensor.Shape[1] : 1;
            classCount = columns;
            for (var r = 0; r < rows; r++)
            {
                if (spec.Task == EvaluationTask.Multiclass)
                {
                    values.AddRange(data.AsSpan(r * columns, columns));
                }
                else
                {
                    values.Add(data[(r * columns) + columns - 1]);
                }
            }
        }

        var parser = new CellParser(dataset.Raw);
        var label = spec.Columns.Label;
        var attributes = dataset.Attributes(label);
        return spec.Task switch
        {
            EvaluationTask.Regression => PredictionTable.Regression(parser.Numbers(label, "label"), [.. values], null, attributes),
            EvaluationTask.Binary => PredictionTable.Binary(parser.Classes(label, spec.Columns.Classes, 2), [.. values], null, attributes),
            _ => PredictionTable.Multiclass(
                parser.Classes(label, spec.Columns.Classes, classCount), [.. values], classCount, null, attributes, null, spec.Columns.Classes),
        };
    }

    private static OnnxTensor PickOutput(IReadOnlyDictionary<string, OnnxValue> result, bool classification, string? name)
    {
        if (name is not null)
        {
            return result[name].AsTensor();
        }

        foreach (var value in result.Values)
        {
            if (value is OnnxTensor { ElementType: OnnxElementType.Fp32 or OnnxElementType.Fp64 } tensor && (!classification || tensor.Shape.Count == 2))
            {
                return tensor;
            }
        }

        throw new EvaluationInputException(
            string.Create(CultureInfo.InvariantCulture, $"The model has no float tensor output of {(classification ? "shape [N, K]" : "shape [N] or [N, 1]")}; outputs: {string.Join(", ", result.Keys)}. Name one with ModelRunSettings.ScoreOutput (--score-output)."));
    }
}
