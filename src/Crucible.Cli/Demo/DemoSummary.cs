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

    public double? ChampionRocAuc { get; set; }

    public string? MonitorId { get; set; }

    /// <summary>Whether the window before the price rise raised an alert (it should not).</summary>
    public bool CalmWindowAlert { get; set; }

    public string? DriftAlertId { get; set; }

    public List<string> DriftedColumns { get; } = [];

    public string? PipelineRunId { get; set; }

    public string? PipelineStatus { get; set; }

    public string? RetrainedVersion { get; set; }

    public double? RetrainedRocAuc { get; set; }

    /// <summary>Version the champion alias points to at the end.</summary>
    public string? ChampionVersion { get; set; }

    /// <summary>Every registered version of the model at the end.</summary>
    public List<string> Versions { get; } = [];

    public List<DemoLink> Reports { get; } = [];

    /// <summary>Set by a step for the line shown when it finishes.</summary>
    internal string? LastDetail { get; set; }
}
