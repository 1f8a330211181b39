using Spectre.Console;

namespace Crucible.Cli.Demo;

/// <summary>The demo's closing summary as tables.</summary>
internal static class DemoTables
{
    public static void Write(IAnsiConsole console, DemoSummary summary)
    {
        var state = new Table().Title("Final state").AddColumn("What").AddColumn("Value");
        state.AddRow("Model versions", Markup.Escape(string.Join(", ", summary.Versions)));
        state.AddRow($"@{DemoRunner.ChampionAlias}", Markup.Escape($"version {summary.ChampionVersion ?? "none"}"));
        state.AddRow("Champion ROC AUC (holdout)", DemoRunner.Format(summary.ChampionRocAuc));
        state.AddRow("Retrained version ROC AUC", DemoRunner.Format(summary.RetrainedRocAuc));
        state.AddRow("Drift alert", Markup.Escape(summary.DriftAlertId ?? "none"));
        state.AddRow("Drifted columns", Markup.Escape(string.Join(", ", summary.DriftedColumns)));
        state.AddRow("Retraining pipeline run", Markup.Escape($"{summary.PipelineRunId ?? "none"} ({summary.PipelineStatus ?? "not run"})"));
        state.AddRow("Datasets", Markup.Escape(string.Join(", ", summary.Datasets)));
        console.Write(state);

        var links = new Table().Title("Open these").AddColumn("Page").AddColumn("Link");
        links.AddRow("Server", Markup.Escape(summary.Server));
        foreach (var link in summary.Reports)
        {
            links.AddRow(Markup.Escape(link.Title), Markup.Escape(link.Url));
        }

        console.Write(links);
        var seconds = summary.Steps.Sum(s => s.Seconds);
        console.WriteLine($"Done in {seconds:0.0} s. Files, database and summary.json are in {summary.Folder}.");
    }
}
