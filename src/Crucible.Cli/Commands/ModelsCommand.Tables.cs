using System.Globalization;
using Crucible.Contracts.Mlflow;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Crucible.Cli.Commands;

/// <summary>Tables of the models commands; cells are plain text, never markup, so names with brackets stay intact.</summary>
internal static class ModelsTables
{
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    public static IRenderable[] Cells(params string?[] values) =>
        values.Select(v => (IRenderable)new Text(string.IsNullOrEmpty(v) ? "-" : v)).ToArray();

    public static string Time(long epochMilliseconds) => epochMilliseconds > 0
        ? DateTimeOffset.FromUnixTimeMilliseconds(epochMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : "-";

    public static Table Versions(IEnumerable<ModelVersionDto> versions)
    {
        var table = Create("NAME", "VERSION", "STAGE", "ALIASES", "RUN", "SOURCE", "CREATED");
        foreach (var v in versions)
        {
            table.AddRow(Cells(v.Name, v.Version, v.CurrentStage, string.Join(", ", v.Aliases ?? []), v.RunId, v.Source, Time(v.CreationTimestamp)));
        }

        return table;
    }
}
