namespace Crucible.Evaluation.Harness;

/// <summary>Challenger against champion on the same rows.</summary>
public sealed record ComparisonResult
{
    public IReadOnlyDictionary<string, double> ChampionMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Champion fairness disparities, when a sensitive column is set.</summary>
    public IReadOnlyDictionary<string, double> ChampionFairness { get; init; } = new Dictionary<string, double>();

    /// <summary>Per metric: challenger, champion, their difference and a paired bootstrap interval of the difference.</summary>
    public IReadOnlyDictionary<string, MetricDelta> Deltas { get; init; } = new Dictionary<string, MetricDelta>();
}

/// <summary>One metric's challenger-minus-champion difference.</summary>
/// <param name="Challenger">The challenger's value.</param>
/// <param name="Champion">The champion's value.</param>
/// <param name="Delta">Challenger minus champion.</param>
/// <param name="Interval">Paired bootstrap interval of the difference (same resampled rows for both), or null.</param>
public sealed record MetricDelta(double Challenger, double Champion, double Delta, ConfidenceInterval? Interval);
