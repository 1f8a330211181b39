using Crucible.Contracts.Mlflow;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Runs as a table: id, name, status, start time, then a few metric and param columns.</summary>
internal static class RunTables
{
    public static void Write(IAnsiConsole console, IReadOnlyList<RunDto> runs, IReadOnlyList<string> orderBy)
    {
        if (runs.Count == 0)
        {
            console.WriteLine("No runs.");
            return;
        }

        var metrics = RunColumns.Pick(runs.Select(r => (r.Data?.Metrics ?? []).Select(m => m.Key ?? string.Empty)), orderBy, metrics: true);
        var parameters = RunColumns.Pick(runs.Select(r => (r.Data?.Params ?? []).Select(p => p.Key ?? string.Empty)), orderBy, metrics: false);
        var headers = new[] { "Run ID", "Name", "Status", "Start time (UTC)" }
            .Concat(metrics.Select(k => "metrics." + k))
            .Concat(parameters.Select(k => "params." + k));
        var table = Tables.Create(headers.ToArray()).NoWrap(0, 2, 3);
        foreach (var run in runs)
        {
            var cells = new[] { run.Info.RunId, run.Info.RunName, run.Info.Status, Formats.Time(run.Info.StartTime) }
                .Concat(metrics.Select(k => Formats.Short(run.Data?.Metrics?.FirstOrDefault(m => m.Key == k)?.Value)))
                .Concat(parameters.Select(k => run.Data?.Params?.FirstOrDefault(p => p.Key == k)?.Value));
            table.AddRow(Tables.Cells(cells.ToArray()));
        }

        table.Caption(Tables.Count(runs.Count, "run"));
        console.Write(table);
    }
}
