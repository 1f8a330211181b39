using System.Globalization;
using Crucible.Evaluation.Harness;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Tables for <c>crucible evaluate</c>: metrics (with intervals), comparison, slices, fairness and the gate.</summary>
internal static class EvaluationTables
{
    public static void Write(IAnsiConsole console, EvaluationResult result)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Task.ToString().ToLowerInvariant()} evaluation of {result.RowCount} rows"));
        var metrics = Tables.Create("metric", "value", "interval");
        foreach (var (name, value) in result.Metrics)
        {
            metrics.AddRow(Tables.Cells(name, Formats.Short(value), Interval(result.Intervals.GetValueOrDefault(name))));
        }

        console.Write(metrics);
        if (result.Comparison is { } comparison)
        {
            var deltas = Tables.Create("metric", "challenger", "champion", "delta", "paired interval");
            foreach (var (name, d) in comparison.Deltas)
            {
                deltas.AddRow(Tables.Cells(name, Formats.Short(d.Challenger), Formats.Short(d.Champion), Formats.Short(d.Delta), Interval(d.Interval)));
            }

            console.Write(deltas);
        }

        if (result.Slices.Count > 0)
        {
            var metric = result.Metrics.Keys.FirstOrDefault() ?? string.Empty;
            var headline = result.Metrics.ContainsKey("roc_auc") ? "roc_auc" : metric;
            var slices = Tables.Create("column", "slice", "rows", headline, "interval");
            foreach (var s in result.Slices)
            {
                var value = s.Skipped ? "skipped" : s.Metrics.TryGetValue(headline, out var v) ? Formats.Short(v) : Formats.Missing;
                slices.AddRow(Tables.Cells(s.Column, s.Value, Formats.Integer(s.Count), value, Interval(s.Intervals.GetValueOrDefault(headline))));
            }

            console.Write(slices);
        }

        if (result.Fairness is { } fairness)
        {
            WriteFairness(console, fairness);
        }

        if (result.Gate is { } gate)
        {
            var evidence = Tables.Create("comparison", "left", "op", "right", "holds");
            foreach (var e in gate.Evidence)
            {
                evidence.AddRow(Tables.Cells(e.Comparison, Formats.Short(e.Left), e.Operator, Formats.Short(e.Right), e.Passed ? "yes" : "NO"));
            }

            console.Write(evidence);
            console.WriteLine($"gate {(gate.Passed ? "PASSED" : "FAILED")}: {gate.Expression}");
        }
    }

    private static void WriteFairness(IAnsiConsole console, FairnessResult fairness)
    {
        var summary = Tables.Create($"fairness over {fairness.SensitiveColumn}", "value", "interval");
        foreach (var (name, value) in fairness.Metrics)
        {
            summary.AddRow(Tables.Cells(name, Formats.Short(value), Interval(fairness.Intervals.GetValueOrDefault(name))));
        }

        console.Write(summary);
        var groups = Tables.Create("group", "rows", "selection rate", "tpr", "fpr", "disparity", "80% rule");
        foreach (var g in fairness.Groups)
        {
            groups.AddRow(g.Skipped
                ? Tables.Cells(g.Group, Formats.Integer(g.Count), null, null, null, null, "skipped")
                : Tables.Cells(
                    g.Group, Formats.Integer(g.Count), Formats.Short(g.SelectionRate), Formats.Short(g.TruePositiveRate),
                    Formats.Short(g.FalsePositiveRate), Formats.Short(g.Disparity), g.Fair == true ? "fair" : "UNFAIR"));
        }

        console.Write(groups);
    }

    private static string Interval(ConfidenceInterval? interval) =>
        interval is null ? Formats.Missing : $"[{Formats.Short(interval.Lower)}, {Formats.Short(interval.Upper)}]";
}
