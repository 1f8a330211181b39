using Crucible.Stats.Drift;

namespace Crucible.Monitoring.Drift;

/// <summary>Settings of a drift comparison (config apart from compute).</summary>
public sealed record DriftOptions
{
    /// <summary>Test for every column by name (ks, chisquare, z, wasserstein, jensenshannon, psi, hellinger, linf); null = Evidently's default rule per column.</summary>
    public string? Test { get; init; }

    /// <summary>Threshold for every column; null = the chosen test's default.</summary>
    public double? Threshold { get; init; }

    /// <summary>Per-column test overrides.</summary>
    public IReadOnlyDictionary<string, string>? ColumnTests { get; init; }

    /// <summary>Only these columns (all must exist in both inputs); null = the columns both inputs share.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Multiple-testing correction over the p-value tests.</summary>
    public MultipleTestingCorrection Correction { get; init; } = MultipleTestingCorrection.None;

    /// <summary>Share of drifted columns at or above which the dataset drifts.</summary>
    public double DriftShare { get; init; } = DatasetDrift.DefaultDriftShare;

    /// <summary>Throws <see cref="ArgumentException"/> for unknown test names or out-of-range numbers.</summary>
    public void Validate()
    {
        if (Test is not null)
        {
            DriftTestCatalog.Get(Test);
        }

        foreach (string test in ColumnTests?.Values ?? [])
        {
            DriftTestCatalog.Get(test);
        }

        if (Threshold is { } t && !(t >= 0 && double.IsFinite(t)))
        {
            throw new ArgumentException($"Threshold must be a finite number >= 0, got {t}.");
        }

        if (!(DriftShare > 0 && DriftShare <= 1))
        {
            throw new ArgumentException($"Drift share must be in (0, 1], got {DriftShare}.");
        }
    }

    internal string? TestFor(string column) =>
        ColumnTests is not null && ColumnTests.TryGetValue(column, out string? t) ? t : Test;
}
