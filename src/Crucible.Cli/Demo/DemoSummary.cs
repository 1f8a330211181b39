namespace Crucible.Cli.Demo;

/// <summary>One finished step of the demo with its time and what it did.</summary>
internal sealed record DemoStep(string Title, double Seconds, string? Detail);

/// <summary>A report or page worth opening after the demo.</summary>
internal sealed record DemoLink(string Title, string Url);

/// <summary>What the demo did and left behind: the final state a user (and the demo's test) checks.</summary>
internal sealed class DemoSummary
{
    public required string Server { get; init; }

    public required string Folder { get; init; }

    public List<DemoStep> Steps { get; } = [];

    public List<string> Datasets { get; } = [];

    public List<string> Runs { get; } = [];

    /// <summary>Version 1's ROC AUC on the held-out customers of before the price rise, when it was registered.</summary>
    public double? ChampionRocAuc { get; set; }

    public string? MonitorId { get; set; }

    /// <summary>Whether the window before the price rise raised an alert (it should not).</summary>
    public bool CalmWindowAlert { get; set; }

    public string? DriftAlertId { get; set; }

    public List<string> DriftedColumns { get; } = [];

    public string? PipelineRunId { get; set; }

    public string? PipelineStatus { get; set; }

    public string? RetrainedVersion { get; set; }

    /// <summary>The dataset on which the pipeline compared the retrained version with the champion of the time.</summary>
    public string? ComparedOn { get; set; }

    /// <summary>The retrained version's ROC AUC on <see cref="ComparedOn"/>.</summary>
    public double? RetrainedRocAuc { get; set; }

    /// <summary>The champion of the time (version 1) on the same <see cref="ComparedOn"/>.</summary>
    public double? PreviousChampionRocAuc { get; set; }

    /// <summary>Version the champion alias points to at the end.</summary>
    public string? ChampionVersion { get; set; }

    /// <summary>Where the final champion came from: its training run and the datasets that run logged.</summary>
    public DemoLineage? ChampionLineage { get; set; }

    /// <summary>The evidence digest of the champion's model card (docs/governance.md), and how many gaps it lists.</summary>
    public string? ChampionCardDigest { get; set; }

    public int? ChampionCardGaps { get; set; }

    /// <summary>Every registered version of the model at the end.</summary>
    public List<string> Versions { get; } = [];

    public List<DemoLink> Reports { get; } = [];

    /// <summary>Whether the demo's server kept serving after the summary (<c>--keep-serving</c>); if not, the server links are dead.</summary>
    public bool KeptServing { get; set; }

    /// <summary>Set by a step for the line shown when it finishes.</summary>
    internal string? LastDetail { get; set; }
}

/// <summary>A version's source run (status, params, metric names) and its dataset inputs as <c>NAME (digest DIGEST, SOURCE)</c>.</summary>
internal sealed record DemoLineage(string? RunId, string? RunStatus, IReadOnlyDictionary<string, string> Params, IReadOnlyList<string> Metrics, IReadOnlyList<DemoLineageDataset> Datasets);

/// <summary>One dataset input of a version's source run.</summary>
internal sealed record DemoLineageDataset(string Name, string Digest, string Source, string? Context);
