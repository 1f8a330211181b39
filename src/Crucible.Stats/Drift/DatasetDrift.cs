namespace Crucible.Stats.Drift;

/// <summary>Multiple-testing correction applied to p-value tests across columns.</summary>
public enum MultipleTestingCorrection
{
    /// <summary>Each column uses its own threshold.</summary>
    None,

    /// <summary>Family-wise: p-value compared with threshold / m (m = p-value tests).</summary>
    Bonferroni,

    /// <summary>False discovery rate (Benjamini-Hochberg step-up at the column thresholds).</summary>
    BenjaminiHochberg,
}

/// <summary>Dataset-level outcome.</summary>
/// <param name="Columns">Per-column results after correction, in input order.</param>
/// <param name="DriftedColumns">Number of drifted columns.</param>
/// <param name="Share">Drifted share of columns.</param>
/// <param name="DriftShare">Share at or above which the dataset drifts.</param>
/// <param name="Drift">True when Share ≥ DriftShare.</param>
public sealed record DatasetDriftResult(
    IReadOnlyList<KeyValuePair<string, DriftTestResult>> Columns, int DriftedColumns, double Share, double DriftShare, bool Drift);

/// <summary>Dataset drift = share of drifted columns ≥ drift share (Evidently default 0.5).</summary>
public static class DatasetDrift
{
    /// <summary>Evidently's default drift share.</summary>
    public const double DefaultDriftShare = 0.5;

    /// <summary>
    /// Applies the correction to the p-value tests among the columns (distance tests keep their own
    /// decision) and computes the dataset verdict. Bonferroni: drift when p ≤ or &lt; threshold/m
    /// per the test's rule. Benjamini-Hochberg: sort the m p-values, find the largest rank i with
    /// p₍ᵢ₎ ≤ i·α/m (α = that column's threshold) and flag every column up to that rank.
    /// </summary>
    public static DatasetDriftResult Evaluate(
        IReadOnlyList<KeyValuePair<string, DriftTestResult>> columns,
        MultipleTestingCorrection correction = MultipleTestingCorrection.None,
        double driftShare = DefaultDriftShare)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var results = columns.ToArray();
        int[] pIndices = Enumerable.Range(0, results.Length).Where(i => results[i].Value.PValue is not null).ToArray();
        int m = pIndices.Length;
        if (correction == MultipleTestingCorrection.Bonferroni)
        {
            foreach (int i in pIndices)
            {
                DriftTestResult r = results[i].Value;
                DriftTestDescriptor d = DriftTestCatalog.Get(r.Test);
                bool drift = d.IsDrift(r.Statistic, r.PValue, r.Threshold / m);
                results[i] = new(results[i].Key, r with { Drift = drift });
            }
        }
        else if (correction == MultipleTestingCorrection.BenjaminiHochberg && m > 0)
        {
            int[] order = pIndices.OrderBy(i => results[i].Value.PValue!.Value).ToArray();
            int cutoff = -1;
            for (int rank = 0; rank < order.Length; rank++)
            {
                DriftTestResult r = results[order[rank]].Value;
                if (r.PValue!.Value <= (rank + 1) * r.Threshold / m)
                {
                    cutoff = rank;
                }
            }

            for (int rank = 0; rank < order.Length; rank++)
            {
                int i = order[rank];
                results[i] = new(results[i].Key, results[i].Value with { Drift = rank <= cutoff });
            }
        }

        int drifted = results.Count(r => r.Value.Drift);
        double share = results.Length == 0 ? 0.0 : (double)drifted / results.Length;
        return new DatasetDriftResult(results, drifted, share, driftShare, results.Length > 0 && share >= driftShare);
    }
}
