namespace Crucible.Monitoring.Multivariate;

/// <summary>Settings of the multivariate drift checks (PCA data reconstruction and the domain classifier).</summary>
public sealed record MultivariateOptions
{
    /// <summary>Columns to use (default: every column both tables share).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Reference chunks: the reference is split into this many (NannyML's default chunker: 10).</summary>
    public int ReferenceChunks { get; init; } = 10;

    /// <summary>Share of the variance the PCA keeps (NannyML: 0.65).</summary>
    public double VarianceKept { get; init; } = 0.65;

    /// <summary>Width of the alert band in standard deviations of the reference chunks (NannyML: 3).</summary>
    public double Sigmas { get; init; } = 3;

    /// <summary>Cross-validation folds of the domain classifier (NannyML: 5).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold assignment and row sampling.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Rows per side the domain classifier samples at most (bounded cost).</summary>
    public int MaxClassifierRows { get; init; } = 2_500;

    /// <summary>L2 penalty of the classifier's logistic regression (on standardized features).</summary>
    public double L2 { get; init; } = 1.0;

    /// <summary>AUC at or above which the classifier reports drift; default 0.5 + Sigmas × the AUC's standard error under no drift.</summary>
    public double? AucThreshold { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> on settings out of range.</summary>
    public void Validate()
    {
        if (ReferenceChunks < 2)
        {
            throw new ArgumentException($"Reference chunks must be at least 2, got {ReferenceChunks}.");
        }

        if (!(VarianceKept > 0 && VarianceKept < 1))
        {
            throw new ArgumentException($"The variance kept must be in (0, 1), got {VarianceKept}.");
        }

        if (!(Sigmas > 0) || !double.IsFinite(Sigmas))
        {
            throw new ArgumentException($"Sigmas must be a positive number, got {Sigmas}.");
        }

        if (Folds < 2)
        {
            throw new ArgumentException($"Folds must be at least 2, got {Folds}.");
        }

        if (MaxClassifierRows < Folds)
        {
            throw new ArgumentException($"The classifier needs at least {Folds} rows per side, got a cap of {MaxClassifierRows}.");
        }

        if (!(L2 >= 0) || !double.IsFinite(L2))
        {
            throw new ArgumentException($"The L2 penalty must be a non-negative number, got {L2}.");
        }

        if (AucThreshold is { } t && !(t > 0.5 && t <= 1))
        {
            throw new ArgumentException($"The AUC threshold must be in (0.5, 1], got {t}.");
        }
    }
}
