using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Crucible.Cli.Rendering;

/// <summary>Table building blocks; every cell is plain text, never parsed as markup, so names with brackets stay intact.</summary>
internal static class Tables
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

    /// <summary>Keeps the given columns (IDs, times) on one line on a narrow terminal; the others wrap instead.</summary>
    public static Table NoWrap(this Table table, params int[] columns)
    {
        foreach (var column in columns)
        {
            table.Columns[column].NoWrap = true;
        }

        return table;
    }

    public static IRenderable[] Cells(params string?[] values) => values.Select(v => (IRenderable)new Text(Formats.Text(v))).ToArray();

    public static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
