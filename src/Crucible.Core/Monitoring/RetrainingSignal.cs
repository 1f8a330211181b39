namespace Crucible.Core.Monitoring;

/// <summary>
/// An event saying a deployment's model should be retrained: raised by a monitor rule that asks for it when its alert
/// fires, stored, and handed to every <see cref="IRetrainingSignalSink"/> (pipelines subscribe with a trigger).
/// </summary>
/// <param name="Id">Generated id.</param>
/// <param name="MonitorId">The monitor whose rule raised it.</param>
/// <param name="Deployment">The deployment to retrain for.</param>
/// <param name="AlertId">The firing alert behind it.</param>
/// <param name="Reason">One sentence: which rule, what value, what threshold.</param>
/// <param name="CreationTimeMs">When it was raised (Unix ms).</param>
public sealed record RetrainingSignal(string Id, string MonitorId, string Deployment, string AlertId, string Reason, long CreationTimeMs);

/// <summary>Receives retraining signals after they are stored. Must not throw for a signal it does not care about.</summary>
public interface IRetrainingSignalSink
{
    Task OnSignalAsync(RetrainingSignal signal, CancellationToken cancellationToken);
}

/// <summary>
/// A model-quality metric of a deployment over one window: realized (labels joined by request id) or estimated
/// (CBPE, before labels), with its sampling error and the band outside which it alerts (by default the reference
/// chunks' mean ± 3 standard deviations).
/// </summary>
/// <param name="Metric"><c>accuracy</c>, <c>f1</c>, <c>roc_auc</c>, ... (scikit-learn's names).</param>
/// <param name="Value">The metric over the window; NaN when it cannot be computed (e.g. one class only).</param>
/// <param name="Estimated">True for CBPE estimates, false for realized metrics.</param>
/// <param name="SamplingError">Standard error of the value for a window of this size.</param>
/// <param name="LowerThreshold">Alert when the value is below this; null for none.</param>
/// <param name="UpperThreshold">Alert when the value is above this; null for none.</param>
/// <param name="Rows">Rows behind the value (labelled rows for realized metrics).</param>
public sealed record WindowPerformance(
    string Metric, double Value, bool Estimated, double SamplingError, double? LowerThreshold, double? UpperThreshold, long Rows)
{
    /// <summary>True when the value is outside its band.</summary>
    public bool Alerting => !double.IsNaN(Value) && (Value < LowerThreshold || Value > UpperThreshold);
}

/// <summary>Computes a deployment's performance metrics over a window (realized where labels exist, else estimated).</summary>
public interface IPerformanceSource
{
    Task<IReadOnlyList<WindowPerformance>> GetAsync(string deployment, long windowStartMs, long windowEndMs, CancellationToken cancellationToken);
}
