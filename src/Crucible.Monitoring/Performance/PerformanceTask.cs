namespace Crucible.Monitoring.Performance;

/// <summary>What the monitored model predicts, which decides the metrics.</summary>
public enum PerformanceTask
{
    /// <summary>A score in [0, 1] read as P(class 1), labels 0 or 1: accuracy, precision, recall, f1, roc_auc (realized and CBPE-estimated).</summary>
    BinaryClassification,

    /// <summary>A number, labels numbers: mean_absolute_error, root_mean_squared_error, r2 (realized only).</summary>
    Regression,
}
