namespace Crucible.Governance.Cards;

/// <summary>An NIST AI RMF 1.0 category a card section evidences: its identifier, function, and what the card shows for it.</summary>
internal sealed record RmfCategory(string Id, string Function, string Summary);

/// <summary>
/// The NIST AI Risk Management Framework categories the model card refers to. The identifiers are the framework's;
/// the summaries are ours and say what evidence Crucible holds for each, not the framework's wording.
/// </summary>
internal static class RmfCategories
{
    public const string Govern = "GOVERN";
    public const string Map = "MAP";
    public const string Measure = "MEASURE";
    public const string Manage = "MANAGE";

    public static readonly RmfCategory Inventory = new("GOVERN 1.6", Govern, "The model version is inventoried: identity, files and checksums, who registered it.");
    public static readonly RmfCategory Roles = new("GOVERN 2.1", Govern, "Owners and the people accountable for the model are named.");
    public static readonly RmfCategory ThirdParty = new("GOVERN 6.1", Govern, "Data terms are known: licences and owners of every dataset used.");
    public static readonly RmfCategory Purpose = new("MAP 1.1", Map, "Intended purpose and context of use are written down.");
    public static readonly RmfCategory Method = new("MAP 2.1", Map, "The task and the method (training run, trainer, parameters) are recorded.");
    public static readonly RmfCategory Limits = new("MAP 2.2", Map, "Limits of the model and uses out of scope are written down.");
    public static readonly RmfCategory DataRisks = new("MAP 4.1", Map, "Where the data came from: digests, sources and the provenance chain.");
    public static readonly RmfCategory Impacts = new("MAP 5.1", Map, "Possible impacts on people are considered (ethical considerations).");
    public static readonly RmfCategory TestSets = new("MEASURE 2.1", Measure, "Test sets, metrics and their intervals are documented.");
    public static readonly RmfCategory Performance = new("MEASURE 2.3", Measure, "Performance is measured on held-out data, overall and per slice.");
    public static readonly RmfCategory Production = new("MEASURE 2.4", Measure, "Behaviour in production is monitored (drift per window).");
    public static readonly RmfCategory Resilience = new("MEASURE 2.7", Measure, "Robustness and data-poisoning signals of the training data are checked.");
    public static readonly RmfCategory Privacy = new("MEASURE 2.10", Measure, "Personal data in the training data is scanned for and redacted.");
    public static readonly RmfCategory Fairness = new("MEASURE 2.11", Measure, "Fairness across groups of a sensitive attribute is evaluated.");
    public static readonly RmfCategory GoNoGo = new("MANAGE 1.1", Manage, "Whether the version may go to production is decided by gates and approvals.");
    public static readonly RmfCategory Supersede = new("MANAGE 2.4", Manage, "Deployments, canaries and rollbacks show how the version can be replaced or withdrawn.");
    public static readonly RmfCategory Monitoring = new("MANAGE 4.1", Manage, "Post-deployment monitoring runs: monitors, alerts and retraining signals.");
    public static readonly RmfCategory Incidents = new("MANAGE 4.3", Manage, "Incidents (alerts, failed or rolled-back pipeline runs) are recorded.");
}
