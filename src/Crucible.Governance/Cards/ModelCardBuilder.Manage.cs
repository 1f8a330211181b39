using Crucible.Core.Monitoring;
using static Crucible.Governance.Cards.CardSectionBuilder;

namespace Crucible.Governance.Cards;

/// <summary>The MANAGE sections: deployment history, monitoring, incidents.</summary>
internal static partial class ModelCardBuilder
{
    private static (CardSectionBuilder, string) Deployments(CardEvidence e)
    {
        var section = new CardSectionBuilder("deployments", "Deployment history", RmfCategories.Supersede);
        section.Fact("Serving now", e.Deployments.Count == 0 ? "no deployment routes to this version" : string.Join(", ", e.Deployments.Select(d => d.Deployment.Name)))
            .Table("Deployments routing to this version", ["deployment", "revision", "routes to this version", "capture", "last updated"],
                e.Deployments.Select(d => (IReadOnlyList<string>)[d.Deployment.Name, Count(d.Deployment.Revision), string.Join("; ", d.Routes), d.Deployment.Capture ? "on" : "off", Time(d.Deployment.LastUpdatedTimestamp)]))
            .Table("Pipeline runs that registered, deployed or promoted it", ["pipeline", "run", "trigger", "status", "steps"],
                e.PipelineRuns.Select(r => (IReadOnlyList<string>)[r.Pipeline, r.Id, r.Trigger, r.Status, string.Join(", ", r.Steps.Select(s => $"{s.StepId} {s.Status}"))]))
            .Table("Registry and deployment changes naming the model (audit trail)", ["time", "actor", "action", "target", "outcome"],
                e.Audit.Select(a => (IReadOnlyList<string>)[Time(a.TimeMs), a.Actor, a.Action, a.Target, Count(a.Outcome)]));
        return (section, "Nothing is recorded about where this version ran.");
    }

    private static (CardSectionBuilder, string) Monitoring(CardEvidence e)
    {
        var section = new CardSectionBuilder("monitoring", "Drift and alert history", RmfCategories.Production, RmfCategories.Monitoring);
        var monitors = e.Deployments.SelectMany(d => d.Monitors).ToList();
        var alerts = e.Deployments.SelectMany(d => d.Alerts).OrderByDescending(a => a.WindowStartMs).ToList();
        if (monitors.Count > 0)
        {
            section.Fact("Monitors", Count(monitors.Count))
                .Fact("Alerts", $"{alerts.Count} ({alerts.Count(a => a.Status == AlertStatus.Firing)} firing)")
                .Table("Monitors of its deployments", ["monitor", "deployment", "rule", "window", "retraining", "enabled", "last window end"],
                    monitors.Select(m => (IReadOnlyList<string>)
                    [
                        m.Id, m.Spec.Deployment, m.Spec.Rule.ToString(), $"{m.Spec.WindowMs / 1000} s", m.Spec.Retrain ? "yes" : "no", m.Spec.Enabled ? "yes" : "no",
                        m.LastWindowEndMs is { } end ? Time(end) : "not yet evaluated",
                    ]))
                .Table("Alerts", ["alert", "deployment", "window", "status", "raised", "resolved", "webhook"],
                    alerts.Select(a => (IReadOnlyList<string>)
                    [
                        a.Id, a.Deployment, $"{Time(a.WindowStartMs)} to {Time(a.WindowEndMs)}", a.Status.ToString().ToLowerInvariant(), Time(a.CreationTimeMs),
                        a.ResolvedTimeMs is { } r ? Time(r) : "", a.Delivery.Status,
                    ]));
        }

        return (section, e.Deployments.Count == 0
            ? "The version is not deployed, so nothing watches it in production."
            : "No monitor watches the deployments that serve this version.");
    }

    private static (CardSectionBuilder, string) Incidents(CardEvidence e)
    {
        var section = new CardSectionBuilder("incidents", "Incidents", RmfCategories.Incidents);
        var alerts = e.Deployments.SelectMany(d => d.Alerts).OrderByDescending(a => a.CreationTimeMs).ToList();
        var failedRuns = e.PipelineRuns.Where(r => r.Status is "failed" or "rolled_back" || r.Error is not null).ToList();
        section.Fact("Recorded", $"{alerts.Count} alert(s) on its deployments, {failedRuns.Count} failed pipeline run(s)")
            .Table("Alerts raised while it served", ["alert", "deployment", "raised", "status", "evidence"],
                alerts.Select(a => (IReadOnlyList<string>)[a.Id, a.Deployment, Time(a.CreationTimeMs), a.Status.ToString().ToLowerInvariant(), Summary(a.Evidence)]))
            .Table("Failed pipeline runs", ["pipeline", "run", "status", "error"],
                failedRuns.Select(r => (IReadOnlyList<string>)[r.Pipeline, r.Id, r.Status, r.Error ?? ""]));
        return (section, "No incident record could be read.");
    }

    /// <summary>An alert's evidence sentence when it has one, else the start of its JSON.</summary>
    private static string Summary(string evidence)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(evidence);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("sentence", out var sentence) && sentence.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                return sentence.GetString()!;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: shown as it is.
        }

        return evidence.Length <= 200 ? evidence : evidence[..200] + "…";
    }
}
