namespace Crucible.Monitoring.Drift;

/// <summary>Drift of one column.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Test">Test name.</param>
/// <param name="Statistic">Test statistic or distance.</param>
/// <param name="PValue">p-value, for tests that have one.</param>
/// <param name="Threshold">Threshold applied.</param>
/// <param name="Drift">True when the column drifted (after any correction).</param>
/// <param name="Kind">numeric or categorical.</param>
/// <param name="Exact">True when the result equals the one from raw data; false when sketch-approximate.</param>
public sealed record ColumnDrift(string Column, string Test, double Statistic, double? PValue, double Threshold, bool Drift, string Kind, bool Exact);

/// <summary>A column that was not tested, and why.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedColumn(string Column, string Reason);

/// <summary>Result of a drift comparison (serializable with <see cref="DriftJson"/>).</summary>
/// <param name="Columns">Tested columns, in name order.</param>
/// <param name="Skipped">Columns not tested.</param>
/// <param name="DriftedColumns">Drifted columns.</param>
/// <param name="Share">DriftedColumns / tested columns.</param>
/// <param name="DriftShare">Share at or above which the dataset drifts.</param>
/// <param name="DatasetDrift">True when Share ≥ DriftShare.</param>
/// <param name="Correction">Multiple-testing correction used.</param>
/// <param name="ReferenceRows">Rows in the reference.</param>
/// <param name="CurrentRows">Rows in the current data.</param>
/// <param name="Source">"profiles" (sketches) or "raw" (exact arrays).</param>
public sealed record DriftReport(
    IReadOnlyList<ColumnDrift> Columns,
    IReadOnlyList<SkippedColumn> Skipped,
    int DriftedColumns,
    double Share,
    double DriftShare,
    bool DatasetDrift,
    string Correction,
    long ReferenceRows,
    long CurrentRows,
    string Source);
