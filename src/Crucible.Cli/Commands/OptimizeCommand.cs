using System.CommandLine;
using System.Globalization;
using System.Text;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Optimization;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible optimize MODEL/VERSION --transform T</c>: asks the server for an optimized variant (graph, fp16,
/// int8-dynamic, int8-static), measured against its parent on <c>--dataset</c> (a CSV file or a registered
/// <c>NAME@VERSION</c>) and registered as a linked version unless <c>--gate</c> fails (exit code 1).
/// </summary>
internal static class OptimizeCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var model = new Argument<string>("MODEL/VERSION") { Description = "The registered version to optimize, e.g. churn/3; or a local .onnx file (with --output: nothing is registered)." };
        var output = new Option<string?>("--output", "-o") { Description = "With a local .onnx file: where to write the variant." };
        var transform = new Option<string>("--transform") { Description = "graph, fp16, int8-dynamic or int8-static.", Required = true };
        transform.AcceptOnlyFromAmong("graph", "fp16", "int8-dynamic", "int8-static");
        var perChannel = new Option<bool>("--per-channel") { Description = "int8: one weight scale per output channel (default: per tensor)." };
        var level = new Option<string?>("--graph-level") { Description = "graph: basic, extended (default) or all." };
        level.AcceptOnlyFromAmong("basic", "extended", "all");
        var calibration = new Option<string?>("--calibration") { Description = "int8-static: minmax (default) or percentile." };
        calibration.AcceptOnlyFromAmong("minmax", "percentile");
        var percentile = new Option<double?>("--percentile") { Description = "int8-static with percentile calibration: the upper percentile (default 99.99)." };
        var dataset = new Option<string?>("--dataset") { Description = "Features and label (CSV file, or a registered NAME@VERSION in CSV) to calibrate on and to measure the accuracy delta with." };
        var label = new Option<string?>("--label") { Description = "The dataset's label column (default: label)." };
        var task = new Option<string?>("--task") { Description = "binary (default), multiclass or regression." };
        task.AcceptOnlyFromAmong("binary", "multiclass", "regression");
        var gate = new Option<string?>("--gate") { Description = "Register only if this holds, e.g. \"agreement >= 0.99 and max_abs_diff <= 0.01 and delta.roc_auc >= -0.005\"." };
        var command = new Command("optimize", "Make an optimized variant of a registered version (ONNX Runtime graph optimization, FP16 weights, dynamic or static int8) and register it linked to its parent, with its accuracy delta. Exit code 1 when the gate fails.")
        {
            model, output, transform, perChannel, level, calibration, percentile, dataset, label, task, gate,
        };
        options.AddTo(command);
        options.SetAction(command, async (parse, context) =>
        {
            if (File.Exists(parse.GetValue(model)))
            {
                return await OptimizeFileAsync(parse.GetValue(model)!, parse.GetValue(output), parse.GetValue(transform)!, parse.GetValue(perChannel), context);
            }

            var (name, version) = Split(parse.GetValue(model)!);
            var data = parse.GetValue(dataset);
            var request = new OptimizeVersionRequest
            {
                Transform = parse.GetValue(transform),
                PerChannel = parse.GetValue(perChannel) ? true : null,
                GraphLevel = parse.GetValue(level),
                Calibration = parse.GetValue(calibration),
                Percentile = parse.GetValue(percentile),
                DatasetCsv = data is null ? null : await ReadDatasetAsync(context.Client, data, context.CancellationToken),
                DatasetName = data is null ? null : File.Exists(data) ? Path.GetFileName(data) : data,
                LabelColumn = parse.GetValue(label),
                Task = parse.GetValue(task),
                Gate = parse.GetValue(gate),
            };
            var answer = await context.Client.OptimizeModelVersionAsync(name, version, request, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, answer, OptimizationApiJsonContext.Default.OptimizeVersionResponse);
            }
            else
            {
                Write(context.Console, answer);
            }

            return answer.Gate is { Passed: false } ? 1 : 0;
        });
        return command;
    }

    /// <summary>The local form: a file in, its variant out, the notes printed; static int8 needs the server's dataset handling.</summary>
    private static async Task<int> OptimizeFileAsync(string path, string? output, string transform, bool perChannel, ClientContext context)
    {
        if (output is null)
        {
            throw new ArgumentException("with a local .onnx file, give --output FILE for the variant");
        }

        if (!Optimization.OptimizationTransforms.TryParse(transform, out var parsed) || parsed == Optimization.OptimizationTransform.Int8Static)
        {
            throw new ArgumentException("a local file takes graph, fp16 or int8-dynamic; int8-static calibrates on a dataset through the server (MODEL/VERSION --dataset)");
        }

        var parent = await File.ReadAllBytesAsync(path, context.CancellationToken);
        var variant = Optimization.ModelOptimizer.Optimize(parent, new Optimization.OptimizationRequest(parsed) { PerChannel = perChannel });
        await File.WriteAllBytesAsync(output, variant.Bytes, context.CancellationToken);
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{output}: {transform}, {variant.Bytes.Length:N0} bytes ({parent.Length / (double)variant.Bytes.Length:0.00}x smaller than {parent.Length:N0}); {string.Join("; ", variant.Notes)}"));
        return 0;
    }

    private static (string Name, string Version) Split(string value)
    {
        var slash = value.LastIndexOf('/');
        return slash > 0 && slash < value.Length - 1
            ? (value[..slash], value[(slash + 1)..])
            : throw new ArgumentException($"expected MODEL/VERSION, got '{value}'");
    }

    /// <summary>A local CSV file's text, or a registered dataset version's file downloaded through the client.</summary>
    private static async Task<string> ReadDatasetAsync(CrucibleClient client, string value, CancellationToken cancellationToken)
    {
        if (File.Exists(value))
        {
            return await File.ReadAllTextAsync(value, cancellationToken);
        }

        var at = value.LastIndexOf('@');
        if (at <= 0 || !long.TryParse(value.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new ArgumentException($"--dataset '{value}' is neither a file nor a registered NAME@VERSION");
        }

        using var buffer = new MemoryStream();
        await client.DownloadDatasetVersionAsync(value[..at], number, buffer, cancellationToken);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(IAnsiConsole console, OptimizeVersionResponse answer)
    {
        var table = new Table().AddColumns("", "value");
        table.AddRow("variant", Markup.Escape(answer.ModelVersion is { } v ? $"{v.Name}/{v.Version}" : "not registered (gate failed)"));
        table.AddRow("optimized from", Markup.Escape(answer.OptimizedFrom));
        table.AddRow("transform", Markup.Escape($"{answer.Transform} ({string.Join(", ", answer.Settings.Select(s => $"{s.Key}={s.Value}"))})"));
        table.AddRow("size", Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{answer.VariantBytes:N0} bytes ({answer.ParentBytes / (double)Math.Max(1, answer.VariantBytes):0.00}x smaller than {answer.ParentBytes:N0})")));
        foreach (var note in answer.Notes)
        {
            table.AddRow("note", Markup.Escape(note));
        }

        if (answer.Delta is { } delta)
        {
            table.AddRow("dataset", Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{delta.DatasetName} ({delta.RowCount} rows)")));
            table.AddRow("agreement", delta.Agreement is { } a ? a.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a (regression)");
            table.AddRow("max abs output difference", delta.MaxAbsDiff.ToString("G4", CultureInfo.InvariantCulture));
            foreach (var (metric, change) in delta.Deltas.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape($"delta.{metric}"), Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{change:+0.0000;-0.0000;0} ({delta.ParentMetrics.GetValueOrDefault(metric):0.0000} -> {delta.VariantMetrics.GetValueOrDefault(metric):0.0000})")));
            }
        }

        if (answer.Gate is { } gate)
        {
            table.AddRow("gate", Markup.Escape($"{(gate.Passed ? "passed" : "FAILED")}: {gate.Expression}"));
        }

        console.Write(table);
    }
}
