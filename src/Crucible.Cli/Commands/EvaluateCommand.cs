using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Core.Errors;
using Crucible.Evaluation.Gates;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Evaluation.Reporting;
using Crucible.Onnx.Runtime;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible evaluate</c>: metrics, slices, fairness, bootstrap intervals, champion comparison and a gate over a
/// predictions file (CSV / JSON Lines / Parquet) or an ONNX model run over a dataset. Exit code 0 when no gate is given or it
/// passes, 1 when the gate fails, 2 for bad input or a malformed gate. With <c>--tracking-uri</c>, <c>--model NAME/VERSION</c>
/// names a registered version and the server evaluates and stores the result (EvaluateCommand.Remote.cs).
/// </summary>
internal static partial class EvaluateCommand
{
    public const int GateFailed = 1;
    public const int BadInput = 2;

    public static Command Create()
    {
        var o = new EvaluateOptions();
        var command = new Command("evaluate", "Evaluate predictions (or an ONNX model on a dataset): metrics, slices, fairness, gates, HTML report.");
        foreach (var option in o.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var args = o.Read(parse);
            return args.TrackingUri is null
                ? Task.FromResult(Run(args, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error))
                : RunRemoteAsync(args, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>The command body, with its writers injected for tests.</summary>
    internal static int Run(EvaluateArgs args, TextWriter output, TextWriter error)
    {
        try
        {
            var spec = Spec(args);
            EvaluationResult result;
            if (args.Model is not null)
            {
                var dataset = Dataset.Read(
                    args.Dataset ?? throw new ArgumentException("--model needs --dataset."), spec.Columns.Label, excludeColumns: [.. Split(args.Exclude)]);
                result = ModelRunner.Evaluate(File.ReadAllBytes(args.Model), dataset, spec, new ModelRunSettings { ScoreOutput = args.ScoreOutput });
            }
            else
            {
                result = Evaluator.EvaluateFile(
                    args.Predictions ?? throw new ArgumentException("Give --predictions FILE, or --model FILE with --dataset FILE."), spec, args.Champion);
            }

            if (args.Report is not null)
            {
                EvaluationReport.Write(args.Report, result, args.Title ?? $"Evaluation of {Path.GetFileName(args.Predictions ?? args.Model)}");
            }

            if (args.Json)
            {
                output.WriteLine(EvaluationJson.Serialize(result));
            }
            else
            {
                EvaluationTables.Write(Consoles.For(output), result);
            }

            return result.Gate is { Passed: false } ? GateFailed : 0;
        }
        catch (Exception e) when (e is EvaluationInputException or GateSyntaxException or ArgumentException or IOException
            or CrucibleException or OnnxRuntimeException)
        {
            return CliErrors.Write(error, e.Message, BadInput);
        }
    }

    internal static EvaluationSpec Spec(EvaluateArgs args)
    {
        var task = args.Task?.ToLowerInvariant() switch
        {
            null or "binary" => EvaluationTask.Binary,
            "multiclass" => EvaluationTask.Multiclass,
            "regression" => EvaluationTask.Regression,
            _ => throw new ArgumentException($"--task must be binary, multiclass or regression, not '{args.Task}'."),
        };
        var scores = Split(args.ScoreColumns);
        if (task == EvaluationTask.Binary && scores.Count == 0 && args.PredictionColumn is null && args.Model is null)
        {
            scores = ["score"];
        }

        return new EvaluationSpec
        {
            Task = task,
            Columns = new PredictionColumns(args.LabelColumn ?? "label", args.PredictionColumn ?? (task == EvaluationTask.Regression ? "prediction" : null), scores, args.WeightColumn)
            {
                Classes = args.Classes is null ? null : Split(args.Classes),
            },
            SliceBy = Split(args.SliceBy),
            SensitiveColumn = args.Sensitive,
            MinSliceSize = args.MinSliceSize ?? 30,
            Bootstrap = new BootstrapSettings(args.Bootstrap ?? 0, args.Seed ?? 0, args.ConfidenceLevel ?? 0.95),
            Gate = args.Gate,
        };
    }

    internal static List<string> Split(string? list) =>
        list is null ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>Parsed <c>crucible evaluate</c> arguments.</summary>
internal sealed record EvaluateArgs
{
    public string? Predictions { get; init; }
    public string? Champion { get; init; }
    public string? Model { get; init; }
    public string? Dataset { get; init; }
    public string? Exclude { get; init; }
    public string? ScoreOutput { get; init; }
    public string? Task { get; init; }
    public string? LabelColumn { get; init; }
    public string? PredictionColumn { get; init; }
    public string? ScoreColumns { get; init; }
    public string? WeightColumn { get; init; }
    public string? Classes { get; init; }
    public string? SliceBy { get; init; }
    public string? Sensitive { get; init; }
    public int? MinSliceSize { get; init; }
    public string? Gate { get; init; }
    public int? Bootstrap { get; init; }
    public int? Seed { get; init; }
    public double? ConfidenceLevel { get; init; }
    public string? Report { get; init; }
    public string? Title { get; init; }
    public bool Json { get; init; }

    /// <summary>Evaluate on this server: <see cref="Model"/> is then NAME/VERSION of a registered version.</summary>
    public string? TrackingUri { get; init; }

    public string? DatasetName { get; init; }
}

/// <summary>The options of <c>crucible evaluate</c>.</summary>
internal sealed class EvaluateOptions
{
    public Option<string?> Predictions { get; } = new("--predictions") { Description = "Predictions file: CSV with a header, JSON Lines (.jsonl) or Parquet (.parquet)." };
    public Option<string?> Champion { get; } = new("--champion-predictions") { Description = "The champion's predictions on the same rows, for a paired comparison." };
    public Option<string?> Model { get; } = new("--model") { Description = "An ONNX model to run over --dataset instead of a predictions file; with --tracking-uri, a registered NAME/VERSION." };
    public Option<string?> Dataset { get; } = new("--dataset") { Description = "CSV dataset for --model: features plus the label column." };
    public Option<string?> Exclude { get; } = new("--exclude-columns") { Description = "Dataset columns that are not model features (kept for slicing)." };
    public Option<string?> ScoreOutput { get; } = new("--score-output") { Description = "The model output holding probabilities or predictions (default: the first float tensor)." };
    public Option<string?> Task { get; } = new("--task") { Description = "binary (default), multiclass or regression." };
    public Option<string?> Label { get; } = new("--label-column") { Description = "Label column (default 'label')." };
    public Option<string?> Prediction { get; } = new("--prediction-column") { Description = "Predicted label or value column (regression default 'prediction')." };
    public Option<string?> Scores { get; } = new("--score-columns") { Description = "Probability columns: one for binary (default 'score'), K for multiclass, comma-separated." };
    public Option<string?> Weight { get; } = new("--weight-column") { Description = "Sample-weight column." };
    public Option<string?> Classes { get; } = new("--classes") { Description = "Class names in class-index order, comma-separated (default: sorted labels)." };
    public Option<string?> SliceBy { get; } = new("--slice-by") { Description = "Columns to slice by, comma-separated (numbers are binned)." };
    public Option<string?> Sensitive { get; } = new("--sensitive") { Description = "Sensitive column for fairness (binary task)." };
    public Option<int?> MinSlice { get; } = new("--min-slice-size") { Description = "Slices and groups below this size are skipped (default 30)." };
    public Option<string?> Gate { get; } = new("--gate") { Description = "Gate expression, e.g. \"roc_auc >= champion.roc_auc - 0.005 and dp_ratio >= 0.8\"." };
    public Option<int?> Bootstrap { get; } = new("--bootstrap") { Description = "Bootstrap resamples for intervals (default 0 = none)." };
    public Option<int?> Seed { get; } = new("--seed") { Description = "Bootstrap seed (default 0)." };
    public Option<double?> Level { get; } = new("--confidence-level") { Description = "Interval coverage (default 0.95)." };
    public Option<string?> Report { get; } = new("--report") { Description = "Write a self-contained HTML report to this file." };
    public Option<string?> Title { get; } = new("--title") { Description = "Title of the HTML report." };
    public Option<bool> Json { get; } = new("--json") { Description = "Print the full result as JSON (with --tracking-uri: the server's answer)." };
    public Option<string?> TrackingUri { get; } = new("--tracking-uri") { Description = "Evaluate --model NAME/VERSION on this tracking server, which stores the result on the version's run and tags." };
    public Option<string?> DatasetName { get; } = new("--dataset-name") { Description = "With --tracking-uri: metrics are logged as eval.<name>.<metric> (default 'default')." };

    public IEnumerable<Option> All =>
    [
        Predictions, Champion, Model, Dataset, Exclude, ScoreOutput, Task, Label, Prediction, Scores, Weight, Classes, SliceBy, Sensitive, MinSlice,
        Gate, Bootstrap, Seed, Level, Report, Title, Json, TrackingUri, DatasetName,
    ];

    public EvaluateArgs Read(ParseResult parse) => new()
    {
        Predictions = parse.GetValue(Predictions), Champion = parse.GetValue(Champion), Model = parse.GetValue(Model),
        Dataset = parse.GetValue(Dataset), Exclude = parse.GetValue(Exclude), ScoreOutput = parse.GetValue(ScoreOutput), Task = parse.GetValue(Task), LabelColumn = parse.GetValue(Label),
        PredictionColumn = parse.GetValue(Prediction), ScoreColumns = parse.GetValue(Scores), WeightColumn = parse.GetValue(Weight),
        Classes = parse.GetValue(Classes), SliceBy = parse.GetValue(SliceBy), Sensitive = parse.GetValue(Sensitive),
        MinSliceSize = parse.GetValue(MinSlice), Gate = parse.GetValue(Gate), Bootstrap = parse.GetValue(Bootstrap), Seed = parse.GetValue(Seed),
        ConfidenceLevel = parse.GetValue(Level), Report = parse.GetValue(Report), Title = parse.GetValue(Title), Json = parse.GetValue(Json),
        TrackingUri = parse.GetValue(TrackingUri), DatasetName = parse.GetValue(DatasetName),
    };
}
