using Crucible.Core.Pipelines;
using Crucible.DataQuality.Checks;
using Crucible.Evaluation.Harness;
using static Crucible.Governance.Cards.CardSectionBuilder;

namespace Crucible.Governance.Cards;

/// <summary>The MEASURE sections: evaluations with slices and intervals, fairness, gates, data checks and privacy.</summary>
internal static partial class ModelCardBuilder
{
    private static (CardSectionBuilder, string) Evaluation(CardEvidence e)
    {
        var section = new CardSectionBuilder("evaluation", "Evaluation results", RmfCategories.TestSets, RmfCategories.Performance);
        foreach (var evaluation in e.Evaluations)
        {
            var r = evaluation.Result;
            section.Table(
                $"Evaluation {evaluation.Id}: {r.RowCount} rows, {r.Task.ToString().ToLowerInvariant()}",
                ["metric", "value", "interval"],
                r.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)[m.Key, Number(m.Value), Interval(r.Intervals.GetValueOrDefault(m.Key))]));
            section.Table(
                $"Evaluation {evaluation.Id}: slices",
                ["column", "value", "rows", "metrics"],
                r.Slices.Select(s => (IReadOnlyList<string>)
                [
                    s.Column, s.Value, Count(s.Count),
                    s.Skipped ? "skipped (below the minimum slice size)" : string.Join(", ", s.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {Number(m.Value)}")),
                ]));
        }

        foreach (var (run, step, outputs) in PipelineSteps(e, "evaluate"))
        {
            section.Table(
                $"Pipeline {run.Pipeline} run {run.Id}, step '{step.StepId}' ({outputs.GetValueOrDefault("rows")} rows, compared with {Or(outputs.GetValueOrDefault("champion"), "no champion")})",
                ["metric", "value"],
                outputs.Where(o => o.Key is not ("rows" or "champion" or "model") && !FairnessName(o.Key)).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (IReadOnlyList<string>)[o.Key, o.Value]));
        }

        if (!section.IsEmpty)
        {
            section.Fact("Evaluations", Count(e.Evaluations.Count + PipelineSteps(e, "evaluate").Count()));
        }

        return (section, "No evaluation of this version is recorded (neither through the evaluation API nor by a pipeline's evaluate step).");
    }

    private static (CardSectionBuilder, string) Fairness(CardEvidence e)
    {
        var section = new CardSectionBuilder("fairness", "Fairness", RmfCategories.Fairness);
        foreach (var evaluation in e.Evaluations.Where(v => v.Result.Fairness is not null))
        {
            var f = evaluation.Result.Fairness!;
            section.Fact($"Evaluation {evaluation.Id}", $"sensitive column '{f.SensitiveColumn}', reference group '{f.ReferenceGroup}', tolerance {Number(f.Tau)}: "
                + (f.AllGroupsFair ? "every measured group passes the 80% rule" : "at least one group fails the 80% rule"));
            section.Table(
                $"Evaluation {evaluation.Id}: disparities",
                ["measure", "value", "interval"],
                f.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)[m.Key, Number(m.Value), Interval(f.Intervals.GetValueOrDefault(m.Key))]));
            section.Table(
                $"Evaluation {evaluation.Id}: groups",
                ["group", "rows", "selection rate", "verdict"],
                f.Groups.Select(g => (IReadOnlyList<string>)[g.Group, Count(g.Count), Number(g.SelectionRate), g.Skipped ? "skipped (too few rows)" : g.Fair switch { true => "fair", false => "unfair", null => "no verdict" }]));
        }

        foreach (var (run, step, outputs) in PipelineSteps(e, "evaluate"))
        {
            section.Table(
                $"Pipeline {run.Pipeline} run {run.Id}, step '{step.StepId}': disparities",
                ["measure", "value"],
                outputs.Where(o => FairnessName(o.Key)).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (IReadOnlyList<string>)[o.Key, o.Value]));
        }

        return (section, "No evaluation of this version measured fairness over a sensitive column.");
    }

    private static (CardSectionBuilder, string) Gates(CardEvidence e)
    {
        var section = new CardSectionBuilder("gates", "Gates", RmfCategories.GoNoGo);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var evaluation in e.Evaluations.Where(v => v.Result.Gate is not null))
        {
            var gate = evaluation.Result.Gate!;
            rows.Add([$"evaluation {evaluation.Id}", gate.Expression, gate.Passed ? "passed" : "failed",
                string.Join("; ", gate.Evidence.Select(x => $"{x.Comparison}: {Number(x.Left)} {x.Operator} {Number(x.Right)}"))]);
        }

        foreach (var (run, step, outputs) in PipelineSteps(e, "gate"))
        {
            rows.Add([$"pipeline {run.Pipeline} run {run.Id} step '{step.StepId}'", outputs.GetValueOrDefault("condition") ?? "", step.Status == "succeeded" ? "passed" : step.Status,
                Or(outputs.GetValueOrDefault("champion"), "no champion")]);
        }

        section.Table("Gates this version went through", ["where", "condition", "outcome", "evidence"], rows);
        return (section, "No gate decided on this version: nothing recorded says it was fit to promote.");
    }

    private static (CardSectionBuilder, string) DataQuality(CardEvidence e)
    {
        var section = new CardSectionBuilder("data-quality", "Robustness and poisoning signals", RmfCategories.Resilience);
        if (e.DataChecks is { } checks)
        {
            section.Fact("Dataset checked", checks.Dataset)
                .Fact("Worst status", checks.Report.Status.ToString().ToLowerInvariant())
                .Fact("Poisoning signals", PoisoningSummary(checks.Report))
                .Table("Data checks (rerun when the card was assembled)", ["check", "column", "status", "value", "threshold", "message"],
                    checks.Report.Results.Select(r => (IReadOnlyList<string>)[r.Check, r.Column ?? "", r.Status.ToString().ToLowerInvariant(), Number(r.Value), Number(r.Threshold), r.Message]));
        }

        return (section, "The training dataset is not registered, so its data checks cannot be run.");
    }

    private static string PoisoningSummary(CheckReport report)
    {
        var signals = report.Results.Where(r => PoisoningChecks.Contains(r.Check)).ToList();
        if (signals.Count == 0)
        {
            return "no poisoning check applied (they need a label column: set the tag 'crucible.card.label')";
        }

        var raised = signals.Where(r => r.Status != CheckStatus.Pass).ToList();
        var names = string.Join(", ", signals.Select(s => s.Check).Distinct(StringComparer.Ordinal));
        return raised.Count == 0
            ? $"{signals.Count} poisoning check(s) ({names}): none raised"
            : $"{signals.Count} poisoning check(s) ({names}): {raised.Count} raised: {string.Join("; ", raised.Select(r => $"{r.Check}: {r.Message}"))}";
    }

    private static (CardSectionBuilder, string) Privacy(CardEvidence e)
    {
        var section = new CardSectionBuilder("privacy", "Personal data: findings and redactions", RmfCategories.Privacy);
        if (e.DataChecks is { } checks)
        {
            var flagged = checks.Pii.Where(p => p.Entity is not null).ToList();
            section.Fact("Dataset scanned", checks.Dataset)
                .Fact("Columns flagged", flagged.Count == 0 ? $"none of {checks.Pii.Count} columns" : string.Join(", ", flagged.Select(p => $"{p.Column} ({p.Entity})")))
                .Table("PII scan per column", ["column", "entity", "share", "matched", "non-null"],
                    checks.Pii.Select(p => (IReadOnlyList<string>)[p.Column, p.Entity ?? "none", Number(p.Share), Count(p.Matched), Count(p.NonNull)]));
        }

        var redactions = e.Datasets.SelectMany(d => d.Ancestors.Prepend(d.Registered!).Where(v => v is not null))
            .Where(v => v.Provenance.Transform is not null).DistinctBy(v => (v.Name, v.Version)).ToList();
        section.Table("Redactions and transforms in the data's provenance", ["dataset", "from", "transform"],
            redactions.Select(v => (IReadOnlyList<string>)[$"{v.Name}@{Count(v.Version)}", string.Join(", ", v.Provenance.Parents ?? []), v.Provenance.Transform!]));
        if (!section.IsEmpty && redactions.Count == 0)
        {
            section.Fact("Redactions", "none in the provenance chain");
        }

        return (section, "The training dataset is not registered, so it cannot be scanned for personal data.");
    }

    private static IEnumerable<(PipelineRun Run, PipelineStepRun Step, IReadOnlyDictionary<string, string> Outputs)> PipelineSteps(CardEvidence e, string type) =>
        e.PipelineRuns.SelectMany(run => run.Steps.Where(s => s.Type == type && s.Status == "succeeded").Select(s => (run, s, StepOutputs.Parse(s.OutputsJson))));

    private static bool FairnessName(string name)
    {
        var bare = name.StartsWith("champion.", StringComparison.Ordinal) ? name["champion.".Length..] : name;
        return FairnessNames.Aliases.ContainsKey(bare) || FairnessNames.Aliases.Values.Contains(bare, StringComparer.Ordinal);
    }

    private static string Interval(ConfidenceInterval? interval) =>
        interval is { } i ? $"[{Number(i.Lower)}, {Number(i.Upper)}] ({i.Resamples} resamples)" : "";

    private static string Or(string? text, string fallback) => string.IsNullOrEmpty(text) ? fallback : text;
}
