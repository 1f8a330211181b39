namespace Crucible.Stats.Drift;

/// <summary>Outcome of one drift test on one column; plain data, serializable with System.Text.Json.</summary>
/// <param name="Test">Registered test name (for example "ks").</param>
/// <param name="Statistic">The test statistic or distance.</param>
/// <param name="PValue">The p-value for hypothesis tests; null for distances.</param>
/// <param name="Threshold">Threshold the decision used.</param>
/// <param name="Drift">True when drift was detected.</param>
public sealed record DriftTestResult(string Test, double Statistic, double? PValue, double Threshold, bool Drift);
