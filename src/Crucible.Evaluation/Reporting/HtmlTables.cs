using System.Globalization;
using System.Text;
using Crucible.Core.Reporting;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Gates;

namespace Crucible.Evaluation.Reporting;

/// <summary>The report's HTML tables.</summary>
internal static class HtmlTables
{
    public static string Number(double value) => HtmlText.Number(value, 6);

    public static string Interval(ConfidenceInterval? interval) =>
        interval is null ? "" : $"[{Number(interval.Lower)}, {Number(interval.Upper)}]";

    public static string Metrics(IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, ConfidenceInterval> intervals)
    {
        var html = new StringBuilder("<table class=\"metrics\"><thead><tr><th>metric</th><th>value</th><th>interval</th></tr></thead><tbody>");
        foreach (var (name, value) in metrics)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(name)}</td><td class=\"num\">{Number(value)}</td><td>{Interval(intervals.GetValueOrDefault(name))}</td></tr>");
        }

        return html + "</tbody></table>";
    }

    public static string Comparison(ComparisonResult comparison)
    {
        var html = new StringBuilder("<table class=\"comparison\"><thead><tr><th>metric</th><th>challenger</th><th>champion</th><th>delta</th><th>paired interval</th></tr></thead><tbody>");
        foreach (var (name, delta) in comparison.Deltas)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(name)}</td><td class=\"num\">{Number(delta.Challenger)}</td><td class=\"num\">{Number(delta.Champion)}</td><td class=\"num\">{Number(delta.Delta)}</td><td>{Interval(delta.Interval)}</td></tr>");
        }

        return html + "</tbody></table>";
    }

    public static string Gate(GateResult gate)
    {
        var verdict = gate.Passed ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>";
        var html = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<p class=\"gate\">Gate {verdict}: <code>{E(gate.Expression)}</code></p>"));
        html.Append("<table class=\"evidence\"><thead><tr><th>comparison</th><th>left</th><th>op</th><th>right</th><th>holds</th></tr></thead><tbody>");
        foreach (var e in gate.Evidence)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(e.Comparison)}</code></td><td class=\"num\">{Number(e.Left)}</td><td>{E(e.Operator)}</td><td class=\"num\">{Number(e.Right)}</td><td>{(e.Passed ? "yes" : "<b>no</b>")}</td></tr>");
        }

        return html + "</tbody></table>";
    }

    public static string Slices(IReadOnlyList<SliceResult> slices, string metric)
    {
        var html = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"<table class=\"slices\"><thead><tr><th>column</th><th>slice</th><th>rows</th><th>{E(metric)}</th><th>interval</th></tr></thead><tbody>"));
        foreach (var s in slices)
        {
            var value = s.Skipped ? "skipped (below minimum size)" : s.Metrics.TryGetValue(metric, out var v) ? Number(v) : "undefined";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Column)}</td><td>{E(s.Value)}</td><td class=\"num\">{s.Count}</td><td>{value}</td><td>{Interval(s.Intervals.GetValueOrDefault(metric))}</td></tr>");
        }

        return html + "</tbody></table>";
    }

    public static string Fairness(FairnessResult fairness)
    {
        var html = new StringBuilder(Metrics(fairness.Metrics, fairness.Intervals));
        html.Append(CultureInfo.InvariantCulture, $"<p>80% rule (tau = {Number(fairness.Tau)}) against reference group <b>{E(fairness.ReferenceGroup ?? "none")}</b>: {(fairness.AllGroupsFair ? "<span class=\"pass\">all groups fair</span>" : "<span class=\"fail\">some group fails</span>")}</p>");
        html.Append("<table class=\"groups\"><thead><tr><th>group</th><th>rows</th><th>selection rate</th><th>TPR</th><th>FPR</th><th>disparity</th><th>verdict</th></tr></thead><tbody>");
        foreach (var g in fairness.Groups)
        {
            var verdict = g.Fair switch { true => "fair", false => "<b>unfair</b>", null => "skipped (below minimum size)" };
            html.Append(g.Skipped
                ? $"<tr><td>{E(g.Group)}</td><td class=\"num\">{g.Count}</td><td></td><td></td><td></td><td></td><td>{verdict}</td></tr>"
                : $"<tr><td>{E(g.Group)}</td><td class=\"num\">{g.Count}</td><td class=\"num\">{Number(g.SelectionRate)}</td><td class=\"num\">{Number(g.TruePositiveRate)}</td><td class=\"num\">{Number(g.FalsePositiveRate)}</td><td class=\"num\">{Number(g.Disparity)}</td><td>{verdict}</td></tr>");
        }

        return html + "</tbody></table>";
    }

    private static string E(string text) => HtmlText.Encode(text);
}
