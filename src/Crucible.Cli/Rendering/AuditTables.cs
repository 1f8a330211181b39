using Crucible.Contracts.Audit;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>The audit listing as a table, one entry a row.</summary>
internal static class AuditTables
{
    public static void Write(IAnsiConsole console, AuditListResponse page)
    {
        if (page.Entries.Count == 0)
        {
            console.WriteLine("No audit entries.");
            return;
        }

        var table = Tables.Create("Seq", "Time (UTC)", "Actor", "Token", "Action", "Target", "Outcome", "From").NoWrap(0, 1);
        foreach (var e in page.Entries)
        {
            table.AddRow(Tables.Cells(
                e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Formats.Time(e.TimeMs),
                e.Actor,
                e.TokenId,
                e.Action,
                e.Target,
                e.Outcome.ToString(System.Globalization.CultureInfo.InvariantCulture),
                e.RemoteAddress));
        }

        table.Caption(Tables.Count(page.Entries.Count, "entry") + (page.NextAfter is { } next ? $"; more with --after {next}" : string.Empty));
        console.Write(table);
    }
}
