namespace Crucible.Stats.Metrics;

/// <summary>Canonical snake_case metric names (scikit-learn's names), used as keys by the report presets.</summary>
public static class MetricNames
{
    public const string Accuracy = "accuracy";
    public const string BalancedAccuracy = "balanced_accuracy";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string F1 = "f1";
    public const string PrecisionMacro = "precision_macro";
    public const string PrecisionMicro = "precision_micro";
    public const string PrecisionWeighted = "precision_weighted";
    public const string RecallMacro = "recall_macro";
    public const string RecallMicro = "recall_micro";
    public const string RecallWeighted = "recall_weighted";
    public const string F1Macro = "f1_macro";
    public const string F1Micro = "f1_micro";
    public const string F1Weighted = "f1_weighted";
    public const string RocAuc = "roc_auc";
    public const string RocAucOvr = "roc_auc_ovr";
    public const string RocAucOvrWeighted = "roc_auc_ovr_weighted";
    public const string RocAucOvo = "roc_auc_ovo";
    public const string RocAucOvoWeighted = "roc_auc_ovo_weighted";
    public const string AveragePrecision = "average_precision";
    public const string LogLoss = "log_loss";
    public const string BrierScore = "brier_score";
    public const string MatthewsCorrcoef = "matthews_corrcoef";
    public const string CohenKappa = "cohen_kappa";
    public const string TopKAccuracy = "top_k_accuracy";
    public const string MeanAbsoluteError = "mean_absolute_error";
    public const string MeanSquaredError = "mean_squared_error";
    public const string RootMeanSquaredError = "root_mean_squared_error";
    public const string R2 = "r2";
    public const string ExplainedVariance = "explained_variance";
    public const string MeanAbsolutePercentageError = "mean_absolute_percentage_error";
    public const string MedianAbsoluteError = "median_absolute_error";
    public const string MaxError = "max_error";
}
