using Crucible.Contracts.Mlflow;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>One run: an info panel, then its metrics, params, tags and dataset inputs as tables.</summary>
internal static class RunDetails
{
    public static void Write(IAnsiConsole console, RunDto run)
    {
        var info = run.Info;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        AddField(grid, "Run ID", info.RunId);
        AddField(grid, "Name", info.RunName);
        AddField(grid, "Experiment ID", info.ExperimentId);
        AddField(grid, "Status", info.Status);
        AddField(grid, "Lifecycle stage", info.LifecycleStage);
        AddField(grid, "User", info.UserId);
        AddField(grid, "Start time (UTC)", Formats.Time(info.StartTime));
        AddField(grid, "End time (UTC)", Formats.Time(info.EndTime));
        AddField(grid, "Duration", Formats.Duration(info.StartTime, info.EndTime));
        AddField(grid, "Artifact URI", info.ArtifactUri);
        console.Write(new Panel(grid).Header("Run " + Markup.Escape(info.RunId)).Border(BoxBorder.Rounded));

        var metrics = (run.Data?.Metrics ?? []).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        Section(console, "Metrics", metrics.Count, () =>
        {
            var table = Tables.Create("Key", "Value", "Step", "Timestamp (UTC)").NoWrap(1, 3);
            metrics.ForEach(m => table.AddRow(Tables.Cells(m.Key, Formats.Full(m.Value), Formats.Integer(m.Step), Formats.Time(m.Timestamp))));
            return table;
        });
        KeyValues(console, "Params", run.Data?.Params);
        KeyValues(console, "Tags", run.Data?.Tags);

        var inputs = run.Inputs?.DatasetInputs ?? [];
        Section(console, "Datasets", inputs.Count, () =>
        {
            var table = Tables.Create("Name", "Digest", "Source type", "Source", "Tags");
            foreach (var input in inputs)
            {
                var tags = string.Join(", ", (input.Tags ?? []).Select(t => $"{t.Key}={t.Value}"));
                table.AddRow(Tables.Cells(input.Dataset?.Name, input.Dataset?.Digest, input.Dataset?.SourceType, input.Dataset?.Source, tags));
            }

            return table;
        });
    }

    private static void KeyValues(IAnsiConsole console, string title, IReadOnlyList<KeyValue>? pairs)
    {
        var sorted = (pairs ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        Section(console, title, sorted.Count, () =>
        {
            var table = Tables.Create("Key", "Value");
            sorted.ForEach(p => table.AddRow(Tables.Cells(p.Key, p.Value)));
            return table;
        });
    }

    private static void Section(IAnsiConsole console, string title, int count, Func<Table> build)
    {
        console.WriteLine();
        if (count == 0)
        {
            console.WriteLine($"{title}: none");
            return;
        }

        console.Write(build().Title(title));
    }

    private static void AddField(Grid grid, string name, string? value) =>
        grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(Formats.Text(value)));
}
