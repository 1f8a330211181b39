using Crucible.Contracts.Mlflow;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Experiments as a table.</summary>
internal static class ExperimentTables
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ExperimentDto> experiments)
    {
        if (experiments.Count == 0)
        {
            console.WriteLine("No experiments.");
            return;
        }

        var table = Tables.Create("ID", "Name", "Stage", "Created (UTC)", "Last update (UTC)", "Artifact location").NoWrap(0, 2, 3, 4);
        foreach (var e in experiments)
        {
            table.AddRow(Tables.Cells(
                e.ExperimentId, e.Name, e.LifecycleStage, Formats.Time(e.CreationTime), Formats.Time(e.LastUpdateTime), e.ArtifactLocation));
        }

        table.Caption(Tables.Count(experiments.Count, "experiment"));
        console.Write(table);
    }
}
