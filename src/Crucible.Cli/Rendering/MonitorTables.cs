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
                m.ReferenceDataset is { } dataset ? $"dataset {dataset}" : $"{Formats.Time(m.ReferenceStart)} .. {Formats.Time(m.ReferenceEnd)}",
                $"{Formats.Short(m.WindowMs / 60_000.0)} min",
                Rule(m),
                m.WebhookUrl is null ? null : m.WebhookUrl + (m.WebhookSigned ? " (signed)" : string.Empty),
                m.Enabled ? "yes" : "no",
                Formats.Time(m.LastWindowEnd)));
        }

        table.Caption(Tables.Count(monitors.Count, "monitor"));
        console.Write(table);
    }

    /// <summary>The monitor's rule in a few words: <c>share &gt;= 0.5, default test</c>, <c>column_drift x[0]</c>, ... and <c>+ retrain</c>.</summary>
    public static string Rule(MonitorDto m)
    {
        var test = $"{m.Stattest ?? "default test"}{(m.Threshold is { } t ? " @ " + Formats.Short(t) : string.Empty)}";
        var rule = m.Rule switch
        {
            null or "drift_share" => $"share >= {Formats.Short(m.DriftShare)}, {test}",
            "column_drift" => $"column_drift {m.Column}, {test}",
            "prediction_drift" => $"prediction_drift, {test}",
            "performance" => $"performance {m.Metric}{(m.MinValue is { } min ? " >= " + Formats.Short(min) : string.Empty)}",
            var other => $"{other}{(m.Column is null ? string.Empty : " " + m.Column)}{(m.Threshold is { } th ? " @ " + Formats.Short(th) : string.Empty)}",
        };
        return m.Retrain == true ? rule + " + retrain" : rule;
    }

    public static void WriteRun(IAnsiConsole console, RunMonitorResponse run)
    {
        console.WriteLine($"Window {Formats.Time(run.WindowStart)} .. {Formats.Time(run.WindowEnd)}: {run.WindowRecords} predictions against {run.ReferenceRecords} in the reference; {run.DataQualityIssues} unreadable.");
        if (run.Evidence is { } evidence && evidence.TryGetProperty("sentence", out var sentence))
        {
            console.WriteLine(sentence.GetString() ?? string.Empty);
        }

        if (run.Drift is not { } drift)
        {
            console.WriteLine(run.Note ?? (run.Evidence is null ? "No drift report." : string.Empty));
            WriteAlert(console, run);
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
        WriteAlert(console, run);
    }

    public static void WriteSignals(IAnsiConsole console, IReadOnlyList<RetrainingSignalDto> signals)
    {
        if (signals.Count == 0)
        {
            console.WriteLine("No retraining signals.");
            return;
        }

        var table = Tables.Create("Id", "Deployment", "Monitor", "Alert", "Reason", "Raised (UTC)").NoWrap(0);
        foreach (var s in signals)
        {
            table.AddRow(Tables.Cells(s.Id, s.Deployment, s.MonitorId, s.AlertId, s.Reason, Formats.Time(s.CreationTime)));
        }

        table.Caption(Tables.Count(signals.Count, "signal"));
        console.Write(table);
    }

    private static void WriteAlert(IAnsiConsole console, RunMonitorResponse run)
    {
        if (run.Alert is { } alert)
        {
            console.WriteLine($"Alert {alert.Id}: {alert.Status}, webhook {alert.DeliveryStatus} ({alert.DeliveryAttempts} attempts){(alert.DeliveryError is null ? string.Empty : ": " + alert.DeliveryError)}.");
        }

        if (run.Signal is { } signal)
        {
            console.WriteLine($"Retraining signal {signal.Id}: {signal.Reason}");
        }
    }

    public static void WriteAlerts(IAnsiConsole console, IReadOnlyList<AlertDto> alerts)
    {
        if (alerts.Count == 0)
        {
            console.WriteLine("No alerts.");
            return;
        }

        var table = Tables.Create("Id", "Deployment", "Window (UTC)", "Status", "Evidence", "Webhook", "Created (UTC)").NoWrap(0, 2);
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

    /// <summary>The rule's sentence, or for alerts from before rules the drifted columns.</summary>
    private static string Drifted(JsonElement evidence) =>
        evidence.ValueKind != JsonValueKind.Object ? "?"
        : evidence.TryGetProperty("sentence", out var sentence) && sentence.ValueKind == JsonValueKind.String ? sentence.GetString()!
        : evidence.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Array
            ? "drifted: " + string.Join(", ", columns.EnumerateArray().Where(c => c.TryGetProperty("drift", out var d) && d.ValueKind == JsonValueKind.True).Select(c => c.GetProperty("column").GetString()))
            : "?";

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? Formats.Short(value.GetDouble()) : Formats.Missing;
}
