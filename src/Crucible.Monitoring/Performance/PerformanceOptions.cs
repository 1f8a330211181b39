namespace Crucible.Monitoring.Performance;

/// <summary>How performance is read and estimated.</summary>
/// <param name="Task">The model's task; null detects it from the reference (see <see cref="PerformanceModel.Fit"/>).</param>
/// <param name="Chunks">Reference chunks behind the thresholds and sampling errors (NannyML's default: 10).</param>
/// <param name="DecisionThreshold">A row is predicted class 1 when its score is at least this.</param>
/// <param name="Seed">Seeds the calibration splits.</param>
public sealed record PerformanceOptions(PerformanceTask? Task = null, int Chunks = 10, double DecisionThreshold = 0.5, int Seed = 42);
