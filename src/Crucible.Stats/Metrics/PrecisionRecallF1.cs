namespace Crucible.Stats.Metrics;

/// <summary>Precision, recall and F1 computed together from one pass over the labels.</summary>
/// <param name="Precision">Precision (0 when nothing is predicted positive, sklearn's <c>zero_division="warn"</c>).</param>
/// <param name="Recall">Recall (0 when there are no actual positives).</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
public readonly record struct PrecisionRecallF1(double Precision, double Recall, double F1);
