using Crucible.Contracts.Pipelines;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Pipelines, their runs, and one run's steps as tables.</summary>
internal static class PipelineTables
{
    /// <summary>Lines of a failed step's log shown under the table.</summary>
    public const int LogTailLines = 15;

    public static void Write(IAnsiConsole console, PipelineDto pipeline)
    {
        console.WriteLine($"Pipeline {pipeline.Name}: {pipeline.Steps.Count} step(s); triggers: {Triggers(pipeline)}.");
        var table = Tables.Create("#", "Step", "Type", "Needs").NoWrap(1);
        var i = 1;
        foreach (var step in pipeline.Steps)
        {
            table.AddRow(Tables.Cells((i++).ToString(System.Globalization.CultureInfo.InvariantCulture), step.Id, step.Type, string.Join(", ", step.Needs)));
        }

        console.Write(table);
    }

    public static void WriteRuns(IAnsiConsole console, IReadOnlyList<PipelineRunDto> runs)
    {
        if (runs.Count == 0)
        {
            console.WriteLine("No runs.");
            return;
        }

        var table = Tables.Create("Run", "Status", "Trigger", "Started (UTC)", "Duration", "Error").NoWrap(0);
        foreach (var run in runs)
        {
            table.AddRow(Tables.Cells(run.RunId, run.Status, run.Trigger, Formats.Time(run.StartTime ?? run.CreationTimestamp), Formats.Duration(run.StartTime, run.EndTime), run.Error));
        }

        table.Caption(Tables.Count(runs.Count, "run"));
        console.Write(table);
    }

    public static void WriteRun(IAnsiConsole console, PipelineRunDto run)
    {
        console.WriteLine($"Pipeline {run.Pipeline} run {run.RunId}: {run.Status} (trigger {run.Trigger}, {Formats.Duration(run.StartTime, run.EndTime)}).");
        var table = Tables.Create("Step", "Type", "Status", "Duration", "Outputs").NoWrap(0, 2);
        foreach (var step in run.Steps ?? [])
        {
            table.AddRow(Tables.Cells(step.StepId, step.Type, step.Status, Formats.Duration(step.StartTime, step.EndTime), Outputs(step)));
        }

        console.Write(table);
        if (run.Error is not null)
        {
            console.WriteLine("The run failed: " + run.Error);
        }

        foreach (var step in (run.Steps ?? []).Where(s => s.Status == "failed"))
        {
            var lines = step.Log.TrimEnd('\n').Split('\n');
            console.WriteLine($"Log of {step.StepId} (last {Math.Min(lines.Length, LogTailLines)} lines):");
            foreach (var line in lines.TakeLast(LogTailLines))
            {
                console.WriteLine("  " + line);
            }
        }
    }

    private static string Triggers(PipelineDto pipeline)
    {
        var triggers = new List<string> { "manual" };
        if (pipeline.Schedule is { } every)
        {
            triggers.Add("every " + every);
        }

        if (pipeline.OnRetrainingSignal is { } deployment)
        {
            triggers.Add($"retraining signal of {deployment}");
        }

        return string.Join(", ", triggers);
    }

    /// <summary>The outputs worth a glance: links (runs, versions, deployments, aliases) and a gate's verdict, not every metric.</summary>
    private static string Outputs(PipelineStepRunDto step)
    {
        string[] keys = ["uri", "run_id", "alias", "deployment", "revision", "roc_auc", "rmse", "passed", "failed", "delivery"];
        return string.Join(", ", keys.Where(k => step.Outputs.TryGetValue(k, out var v) && v.Length > 0).Select(k => $"{k}={step.Outputs[k]}"));
    }
}
