using Crucible.Contracts.Monitoring;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>A deployment's performance: one row per window and metric, realized next to estimated.</summary>
internal static class PerformanceTables
{
    public static void Write(IAnsiConsole console, PerformanceResponse performance)
    {
        var reference = performance.Reference;
        console.WriteLine(
            $"{performance.Deployment}: {performance.Task}, score from '{performance.ScoreOutput ?? "-"}'. Reference {Formats.Time(reference.StartMs)} .. {Formats.Time(reference.EndMs)}: "
            + $"{reference.Rows} rows, {reference.LabelledRows} labelled, {(reference.Calibrated ? "isotonic calibration" : "no calibration")}, bands from {reference.Chunks} chunks.");
        var table = Tables.Create("Window (UTC)", "Rows", "Labelled", "Metric", "Realized", "Estimated ± error", "Band", "Alert").NoWrap(0);
        foreach (var window in performance.Windows)
        {
            var metrics = window.Realized.Select(m => m.Metric).Concat(window.Estimated.Select(m => m.Metric)).Distinct().ToList();
            if (metrics.Count == 0)
            {
                table.AddRow(Tables.Cells(Formats.Time(window.StartMs), Formats.Integer(window.Rows), Formats.Integer(window.LabelledRows), null, null, null, null, null));
            }

            foreach (var name in metrics)
            {
                var realized = window.Realized.FirstOrDefault(m => m.Metric == name);
                var estimated = window.Estimated.FirstOrDefault(m => m.Metric == name);
                var band = realized ?? estimated!;
                table.AddRow(Tables.Cells(
                    Formats.Time(window.StartMs),
                    Formats.Integer(window.Rows),
                    Formats.Integer(window.LabelledRows),
                    name,
                    realized is null ? null : Formats.Short(realized.Value),
                    estimated is null ? null : $"{Formats.Short(estimated.Value)} ± {Formats.Short(estimated.SamplingError)}",
                    band.LowerThreshold is null && band.UpperThreshold is null ? null : $"[{Formats.Short(band.LowerThreshold)}, {Formats.Short(band.UpperThreshold)}]",
                    realized?.Alert == true || estimated?.Alert == true ? "ALERT" : "no"));
            }
        }

        console.Write(table);
        foreach (var note in performance.Notes)
        {
            console.WriteLine("note: " + note);
        }
    }
}
