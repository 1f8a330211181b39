using System.Globalization;
using Crucible.Monitoring.Multivariate;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Renders a multivariate drift report: one row per method, then the current chunks' reconstruction errors.</summary>
internal static class MultivariateTables
{
    public static void Write(IAnsiConsole console, MultivariateReport report)
    {
        ReconstructionDrift r = report.Reconstruction;
        DomainClassifierDrift d = report.DomainClassifier;
        Table table = Tables.Create("Method", "Value", "Band / threshold", "Drift", "Details");
        table.AddRow(
            new Text("pca reconstruction error"),
            new Text(DriftTables.Number(r.CurrentError)),
            new Text(string.Create(CultureInfo.InvariantCulture, $"[{DriftTables.Number(r.LowerThreshold)}, {DriftTables.Number(r.UpperThreshold)}]")),
            Verdict(r.Drift),
            new Text(string.Create(CultureInfo.InvariantCulture, $"{r.Components} components ({r.ExplainedVarianceRatio.Sum():0.###} of the variance); {r.CurrentChunks.Count(c => c.Alert)} of {r.CurrentChunks.Count} chunks outside")));
        table.AddRow(
            new Text("domain classifier auc"),
            new Text(DriftTables.Number(d.Auc)),
            new Text(string.Create(CultureInfo.InvariantCulture, $">= {DriftTables.Number(d.Threshold)}")),
            Verdict(d.Drift),
            new Text(string.Create(CultureInfo.InvariantCulture, $"{d.Folds}-fold logistic regression, {d.Features} features, {d.ReferenceRows} + {d.CurrentRows} rows")));
        console.Write(table);
        console.WriteLine($"Multivariate drift {(report.Drift ? "DETECTED" : "not detected")} over {report.Columns.Count} columns.");
    }

    private static Text Verdict(bool drift) =>
        drift ? new Text("✓ drift", new Style(Color.Red)) : new Text("✗ none", new Style(Color.Green));
}
