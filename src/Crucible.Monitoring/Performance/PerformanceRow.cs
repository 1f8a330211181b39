namespace Crucible.Monitoring.Performance;

/// <summary>One served row: when it was served, the request it came in, the model's score and, once posted, its label.</summary>
/// <param name="TimestampMs">When the prediction was served (Unix ms).</param>
/// <param name="RequestId">The request's id (labels join on it).</param>
/// <param name="Score">The score the model gave (see <see cref="PerformanceLog"/> for which output).</param>
/// <param name="Label">The ground truth, or null while none was posted.</param>
public sealed record PerformanceRow(long TimestampMs, string RequestId, double Score, double? Label);
