using System.Text.Json;
using Crucible.Contracts.Monitoring;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Monitors, one evaluation's per-column drift, and alerts as tables.</summary>
internal static class MonitorTables
{
    public static void Write(IAnsiConsole console, IReadOnlyList<MonitorDto> monitors)
    {
        if (monitors.Count == 0)
        {
            console.WriteLine("No monitors.");
            return;
        }

        var table = Tables.Create("Id", "Deployment", "Reference (UTC)", "Window", "Rule", "Webhook", "Enabled", "Evaluated to (UTC)").NoWrap(0, 2);
        foreach (var m in monitors)
        {
            table.AddRow(Tables.Cells(
                m.Id,
                m.Deployment,
                $"{Formats.Time(m.ReferenceStart)} .. {Formats.Time(m.ReferenceEnd)}",
                $"{Formats.Short(m.WindowMs / 60_000.0)} min",
                $"share >= {Formats.Short(m.DriftShare)}, {m.Stattest ?? "default test"}{(m.Threshold is { } t ? " @ " + Formats.Short(t) : string.Empty)}",
                m.WebhookUrl is null ? null : m.WebhookUrl + (m.WebhookSigned ? " (signed)" : string.Empty),
                m.Enabled ? "yes" : "no",
                Formats.Time(m.LastWindowEnd)));
        }

        table.Caption(Tables.Count(monitors.Count, "monitor"));
        console.Write(table);
    }

    public static void WriteRun(IAnsiConsole console, RunMonitorResponse run)
    {
        console.WriteLine($"Window {Formats.Time(run.WindowStart)} .. {Formats.Time(run.WindowEnd)}: {run.WindowRecords} predictions against {run.ReferenceRecords} in the reference; {run.DataQualityIssues} unreadable.");
        if (run.Drift is not { } drift)
        {
            console.WriteLine(run.Note ?? "No drift report.");
            return;
        }

        var table = Tables.Create("Column", "Test", "Statistic", "p-value", "Threshold", "Drift").NoWrap(0);
        foreach (var column in drift.GetProperty("columns").EnumerateArray())
        {
            table.AddRow(Tables.Cells(
                column.GetProperty("column").GetString(),
                column.GetProperty("test").GetString(),
                Number(column, "statistic"),
                Number(column, "p_value"),
                Number(column, "threshold"),
                column.GetProperty("drift").GetBoolean() ? "DRIFT" : "no"));
        }

        console.Write(table);
        console.WriteLine($"Dataset drift: {(run.DatasetDrift == true ? "yes" : "no")} (share {Number(drift, "share")}, threshold {Number(drift, "drift_share")}).");
        if (run.Alert is { } alert)
        {
            console.WriteLine($"Alert {alert.Id}: {alert.Status}, webhook {alert.DeliveryStatus} ({alert.DeliveryAttempts} attempts){(alert.DeliveryError is null ? string.Empty : ": " + alert.DeliveryError)}.");
        }
    }

    public static void WriteAlerts(IAnsiConsole console, IReadOnlyList<AlertDto> alerts)
    {
        if (alerts.Count == 0)
        {
            console.WriteLine("No alerts.");
            return;
        }

        var table = Tables.Create("Id", "Deployment", "Window (UTC)", "Status", "Drifted", "Webhook", "Created (UTC)").NoWrap(0, 2);
        foreach (var a in alerts)
        {
            table.AddRow(Tables.Cells(
                a.Id,
                a.Deployment,
                $"{Formats.Time(a.WindowStart)} .. {Formats.Time(a.WindowEnd)}",
                a.Status,
                Drifted(a.Evidence),
                a.DeliveryStatus,
                Formats.Time(a.CreationTime)));
        }

        table.Caption(Tables.Count(alerts.Count, "alert"));
        console.Write(table);
    }

    private static string Drifted(JsonElement evidence) =>
        evidence.ValueKind == JsonValueKind.Object && evidence.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Array
            ? string.Join(", ", columns.EnumerateArray().Where(c => c.TryGetProperty("drift", out var d) && d.ValueKind == JsonValueKind.True).Select(c => c.GetProperty("column").GetString()))
            : "?";

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? Formats.Short(value.GetDouble()) : Formats.Missing;
}
