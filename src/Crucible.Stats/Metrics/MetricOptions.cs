namespace Crucible.Stats.Metrics;

/// <summary>How per-class precision, recall and F1 are combined, as sklearn's <c>average</c> argument.</summary>
public enum MetricAverage
{
    /// <summary>Unweighted mean over the labels present in y_true or y_pred.</summary>
    Macro,

    /// <summary>Global counts of true positives, predictions and actual positives.</summary>
    Micro,

    /// <summary>Mean over present labels weighted by each label's (sample-weighted) support in y_true.</summary>
    Weighted,
}

/// <summary>Disagreement weights for Cohen's kappa, as sklearn's <c>weights</c> argument.</summary>
public enum KappaWeighting
{
    /// <summary>Plain kappa: every disagreement costs 1.</summary>
    None,

    /// <summary>Disagreement costs |i - j| between label positions.</summary>
    Linear,

    /// <summary>Disagreement costs (i - j)^2 between label positions.</summary>
    Quadratic,
}

/// <summary>Bin edges for <see cref="ProbabilityMetrics.CalibrationCurve"/>, as sklearn's <c>strategy</c> argument.</summary>
public enum CalibrationStrategy
{
    /// <summary>Equal-width bins on [0, 1].</summary>
    Uniform,

    /// <summary>Bins with edges at the quantiles of the predicted probabilities (numpy's linear percentile).</summary>
    Quantile,
}
