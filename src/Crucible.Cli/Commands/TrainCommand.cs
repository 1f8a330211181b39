using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crucible.Cli.Rendering;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Pipelines.Training;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible train --data FILE --label COL --trainer NAME [--param k=v]... --out model.onnx [--json]</c>: trains a
/// built-in tabular trainer on a CSV file, writes the ONNX model and prints its parameters and training metrics.
/// Exit code 0, or 2 for bad input (unknown trainer or parameter, bad value, unreadable data).
/// </summary>
internal static class TrainCommand
{
    public const int BadInput = 2;

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training data: a CSV file with a header row.", Required = true };
        var label = new Option<string>("--label") { Description = "The label column (0/1 for classifiers, a number for regressors; for kmeans and gaussian_mixture optional: known segments to compare with)." };
        var trainer = new Option<string>("--trainer") { Description = $"One of: {string.Join(", ", Trainers.Names)}.", Required = true };
        var parameters = new Option<string[]>("--param") { Description = "A trainer parameter as key=value (e.g. C=0.5, max_iter=200); repeat for more." };
        var exclude = new Option<string[]>("--exclude") { Description = "A column that is not a feature (an ID, a sensitive attribute); repeat for more." };
        var output = new Option<string>("--out", "-o") { Description = "Where to write the ONNX model.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("train", "Train a built-in tabular model (logistic/linear regression, gradient-boosted trees, k-means, Gaussian mixture) into a standard ONNX file.")
        {
            data, label, trainer, parameters, exclude, output, json,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            new TrainArgs(
                parse.GetValue(data)!, parse.GetValue(label), parse.GetValue(trainer)!, parse.GetValue(parameters) ?? [],
                parse.GetValue(exclude) ?? [], parse.GetValue(output)!, parse.GetValue(json)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken)));
        return command;
    }

    /// <summary>The command body, with its writers injected for tests.</summary>
    internal static int Run(TrainArgs args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var trainer = Trainers.Create(args.Trainer);
            if (args.Label is null && trainer.Task != TrainingTask.Clustering)
            {
                throw new ArgumentException($"--label is required for the trainer '{trainer.Name}'.");
            }

            var parameters = Parameters(args.Parameters);
            var dataset = Dataset.Read(args.Data, args.Label, excludeColumns: args.Exclude);
            var model = DataOutput.WithProgress($"Training {trainer.Name}", report =>
                trainer.Train(dataset, args.Label, parameters, report is null ? null : new FractionProgress(report), cancellationToken));
            File.WriteAllBytes(args.Out, model.Onnx);
            if (args.Json)
            {
                output.WriteLine(Json(model, args.Out, dataset.RowCount));
            }
            else
            {
                Write(Consoles.For(output), model, args.Out, dataset.RowCount);
            }

            return 0;
        }
        catch (Exception e) when (e is ArgumentException or EvaluationInputException or IOException or UnauthorizedAccessException)
        {
            // ArgumentException appends " (Parameter 'x')"; the message already names the parameter.
            var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
            return CliErrors.Write(error, message, BadInput);
        }
    }

    private static Dictionary<string, string> Parameters(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in pairs)
        {
            var pair = KeyValues.Parse(text) ?? throw new ArgumentException($"--param '{text}' is not key=value.");
            if (!result.TryAdd(pair.Key ?? string.Empty, pair.Value ?? string.Empty))
            {
                throw new ArgumentException($"--param '{pair.Key}' is given twice.");
            }
        }

        return result;
    }

    private static void Write(IAnsiConsole console, TrainedModel model, string path, int rows)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained {model.Trainer} on {rows} rows x {model.FeatureNames.Count} features; wrote {path} ({model.Onnx.Length} bytes)."));
        var table = Tables.Create("Kind", "Name", "Value");
        foreach (var (name, value) in model.Parameters)
        {
            table.AddRow(Tables.Cells("param", name, value));
        }

        foreach (var (name, value) in model.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            table.AddRow(Tables.Cells("metric", name, value.ToString("0.######", CultureInfo.InvariantCulture)));
        }

        console.Write(table);
    }

    private static string Json(TrainedModel model, string path, int rows)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("trainer", model.Trainer);
            w.WriteString("task", model.Task switch { TrainingTask.Regression => "regression", TrainingTask.Clustering => "clustering", _ => "binary_classification" });
            w.WriteString("model_path", path);
            w.WriteNumber("model_bytes", model.Onnx.Length);
            w.WriteNumber("rows", rows);
            w.WriteStartArray("features");
            foreach (var name in model.FeatureNames)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            w.WriteStartObject("parameters");
            foreach (var (name, value) in model.Parameters)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
            w.WriteStartObject("metrics");
            foreach (var (name, value) in model.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(name, value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A trainer's 0..1 progress as the per-mille the shared progress bar draws.</summary>
    private sealed class FractionProgress(Action<long, long?> report) : IProgress<double>
    {
        public void Report(double value) => report((long)(Math.Clamp(value, 0, 1) * 1000), 1000);
    }
}

internal sealed record TrainArgs(string Data, string? Label, string Trainer, IReadOnlyList<string> Parameters, IReadOnlyList<string> Exclude, string Out, bool Json);
