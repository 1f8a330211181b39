using Crucible.Contracts.Serving;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Deployments as a table, one deployment in detail, and captured predictions.</summary>
internal static class DeploymentTables
{
    public static void Write(IAnsiConsole console, IReadOnlyList<DeploymentDto> deployments)
    {
        if (deployments.Count == 0)
        {
            console.WriteLine("No deployments.");
            return;
        }

        var table = Tables.Create("Name", "Routes", "Shadow", "Batching", "Revision", "State").NoWrap(0, 3, 4);
        foreach (var d in deployments)
        {
            table.AddRow(Tables.Cells(
                d.Name,
                DeploymentFormats.Routes(d.Routes),
                DeploymentFormats.Reference(d.Shadow),
                DeploymentFormats.Batching(d.Batching),
                Formats.Integer(d.Revision),
                DeploymentFormats.State(d.Status)));
        }

        table.Caption(Tables.Count(deployments.Count, "deployment"));
        console.Write(table);
    }

    /// <summary>A deployment's settings, then its routes with how each resolved and loaded, then its endpoints as URLs on <paramref name="server"/>.</summary>
    public static void WriteDetails(IAnsiConsole console, DeploymentDto deployment, Uri server)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        AddField(grid, "Name", deployment.Name);
        AddField(grid, "Description", deployment.Description);
        AddField(grid, "Revision", Formats.Integer(deployment.Revision));
        AddField(grid, "Routes", DeploymentFormats.Routes(deployment.Routes));
        AddField(grid, "Shadow", DeploymentFormats.Reference(deployment.Shadow));
        AddField(grid, "Batching", DeploymentFormats.Batching(deployment.Batching));
        AddField(grid, "Capture", deployment.Capture ? "on" : "off");
        AddField(grid, "Output", Commands.ExposureArguments.DescribeOutput(deployment.Exposure));
        AddField(grid, "Limits", Commands.ExposureArguments.DescribeLimits(deployment.Exposure));
        AddField(grid, "State", DeploymentFormats.State(deployment.Status));
        AddField(grid, "Created (UTC)", Formats.Time(deployment.CreationTimestamp));
        AddField(grid, "Last update (UTC)", Formats.Time(deployment.LastUpdatedTimestamp));
        console.Write(new Panel(grid).Header("Deployment " + Markup.Escape(deployment.Name)).Border(BoxBorder.Rounded));

        console.WriteLine();
        console.Write(Routes(deployment).Title("Routes"));

        var endpoints = deployment.Endpoints ?? new Dictionary<string, string>();
        console.WriteLine();
        if (endpoints.Count == 0)
        {
            console.WriteLine("Endpoints: none");
            return;
        }

        var table = Tables.Create("Endpoint", "URL").NoWrap(0);
        foreach (var (name, path) in endpoints.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            table.AddRow(Tables.Cells(name, new Uri(server, path.TrimStart('/')).ToString()));
        }

        console.Write(table.Title("Endpoints"));
    }

    public static void WritePredictions(IAnsiConsole console, IReadOnlyList<PredictionDto> predictions, string? nextPageToken)
    {
        if (predictions.Count == 0)
        {
            console.WriteLine("No captured predictions.");
            return;
        }

        var table = Tables.Create("Time (UTC)", "Request ID", "Version", "Latency", "Shadow", "Error").NoWrap(0, 1, 3, 4);
        foreach (var p in predictions)
        {
            table.AddRow(Tables.Cells(
                DeploymentFormats.PreciseTime(p.Timestamp),
                p.RequestId,
                $"{p.Model}/{p.Version}",
                DeploymentFormats.Latency(p.LatencyMs),
                p.Shadow ? "shadow" : null,
                p.Error));
        }

        var caption = Tables.Count(predictions.Count, "prediction");
        table.Caption(nextPageToken is null ? caption : $"{caption}; more with --page-token {nextPageToken}");
        console.Write(table);
    }

    /// <summary>One row per route, then the shadow: the serving status when the server sent it, else the stored routes alone.</summary>
    private static Table Routes(DeploymentDto deployment)
    {
        var table = Tables.Create("Role", "Model", "Weight", "Share", "Resolved version", "State", "Error").NoWrap(0, 2, 3, 4, 5);
        var total = deployment.Routes.Sum(r => (long)DeploymentFormats.Weight(r));
        var status = deployment.Status ?? [];
        var routeStatus = status.Where(s => s.Shadow != true).ToList();
        for (var i = 0; i < deployment.Routes.Count; i++)
        {
            var route = deployment.Routes[i];
            var weight = DeploymentFormats.Weight(route);
            var s = i < routeStatus.Count ? routeStatus[i] : null;
            table.AddRow(Tables.Cells(
                "route",
                DeploymentFormats.Reference(route.Model, route.Version, route.Alias),
                Formats.Integer(weight),
                DeploymentFormats.Share(weight, total),
                s?.ResolvedVersion,
                s?.State,
                s?.Error));
        }

        if (deployment.Shadow is { } shadow)
        {
            var s = status.FirstOrDefault(s => s.Shadow == true) ?? (routeStatus.Count > deployment.Routes.Count ? routeStatus[deployment.Routes.Count] : null);
            table.AddRow(Tables.Cells("shadow", DeploymentFormats.Reference(shadow), null, null, s?.ResolvedVersion, s?.State, s?.Error));
        }

        return table;
    }

    private static void AddField(Grid grid, string name, string? value) =>
        grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(Formats.Text(value)));
}
