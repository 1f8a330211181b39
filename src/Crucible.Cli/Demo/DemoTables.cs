using Spectre.Console;

namespace Crucible.Cli.Demo;

/// <summary>The demo's closing summary as tables.</summary>
internal static class DemoTables
{
    /// <summary>
    /// Writes the final state and the links. The champion and the retrained version are compared on one dataset (the
    /// pipeline's evaluation of both); version 1's ROC AUC at registration is on another and labelled so.
    /// </summary>
    public static void Write(IAnsiConsole console, DemoSummary summary)
    {
        var state = new Table().Title("Final state").AddColumn("What").AddColumn("Value");
        state.AddRow("Model versions", Markup.Escape(string.Join(", ", summary.Versions)));
        state.AddRow($"@{DemoRunner.ChampionAlias}", Markup.Escape($"version {summary.ChampionVersion ?? "none"}"));
        state.AddRow("Version 1 ROC AUC when registered (churn-holdout@1)", DemoRunner.Format(summary.ChampionRocAuc));
        var on = summary.ComparedOn ?? "n/a";
        state.AddRow(Markup.Escape($"Champion vs retrained, both on {on}"), Markup.Escape(
            $"version 1: {DemoRunner.Format(summary.PreviousChampionRocAuc)}, version {summary.RetrainedVersion ?? "?"}: {DemoRunner.Format(summary.RetrainedRocAuc)} ROC AUC"));
        state.AddRow("Drift alert", Markup.Escape(summary.DriftAlertId ?? "none"));
        state.AddRow("Drifted columns", Markup.Escape(string.Join(", ", summary.DriftedColumns)));
        state.AddRow("Retraining pipeline run", Markup.Escape($"{summary.PipelineRunId ?? "none"} ({summary.PipelineStatus ?? "not run"})"));
        state.AddRow("Datasets", Markup.Escape(string.Join(", ", summary.Datasets)));
        if (summary.ChampionLineage is { } lineage)
        {
            state.AddRow($"@{DemoRunner.ChampionAlias} trained in run", Markup.Escape($"{lineage.RunId ?? "none"} ({lineage.RunStatus ?? "no run"}), {lineage.Params.Count} params, {lineage.Metrics.Count} metrics"));
            state.AddRow($"@{DemoRunner.ChampionAlias} trained on", Markup.Escape(string.Join(", ", lineage.Datasets.Select(d => $"{d.Source} (digest {d.Digest})"))));
        }

        console.Write(state);

        var links = new Table().Title("Open these").AddColumn("Page").AddColumn("Link");
        links.AddRow("Web UI", Markup.Escape(UiLink(summary, "/experiments")));
        links.AddRow($"Model {DemoRunner.ModelName}", Markup.Escape(UiLink(summary, $"/models/{Uri.EscapeDataString(DemoRunner.ModelName)}")));
        if (summary.ChampionVersion is { } champion)
        {
            links.AddRow($"@{DemoRunner.ChampionAlias} (version {champion}) and its lineage", Markup.Escape(UiLink(summary, $"/models/{Uri.EscapeDataString(DemoRunner.ModelName)}/versions/{champion}")));
        }

        links.AddRow($"Deployment {DemoRunner.DeploymentName}", Markup.Escape(UiLink(summary, $"/deployments/{Uri.EscapeDataString(DemoRunner.DeploymentName)}")));
        links.AddRow("Datasets", Markup.Escape(UiLink(summary, "/datasets")));
        foreach (var link in summary.Reports)
        {
            links.AddRow(Markup.Escape(link.Title), Markup.Escape(link.Url));
        }

        console.Write(links);
        var seconds = summary.Steps.Sum(s => s.Seconds);
        console.WriteLine($"Done in {seconds:0.0} s. Files, database and summary.json are in {summary.Folder}.");
    }

    /// <summary>A deep link into the web UI served at the server's root, e.g. <c>http://127.0.0.1:5000/#/models/churn</c>.</summary>
    public static string UiLink(DemoSummary summary, string route) => summary.Server.TrimEnd('/') + "/#" + route;

    /// <summary>Said when the demo ends without <c>--keep-serving</c>: its server stops with it, so its links stop answering.</summary>
    public static string StoppedNote(DemoSummary summary)
    {
        var port = Uri.TryCreate(summary.Server, UriKind.Absolute, out var uri) ? uri.Port : 5000;
        return $"The demo's server stops now: the {summary.Server} links above no longer answer (the files in {summary.Folder} stay). "
            + "Run `crucible demo --keep-serving` to keep it open, or serve this folder again on the same address with "
            + $"`crucible server --port {port} --backend-store-uri sqlite:///{summary.Folder}/crucible.db --artifacts-destination {summary.Folder}/artifacts`.";
    }
}
