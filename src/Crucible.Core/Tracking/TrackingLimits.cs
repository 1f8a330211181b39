namespace Crucible.Core.Tracking;

/// <summary>MLflow's limits (<c>mlflow/utils/validation.py</c>), so clients that fit MLflow fit Crucible.</summary>
public static class TrackingLimits
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxBatchRequestBytes = 1024 * 1024;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxEntityKeyLength = 250;
    public const int MaxExperimentNameLength = 500;
    public const int MaxDatasetFieldLength = 500;
    public const int MaxDatasetSchemaLength = 1024 * 1024;
    public const int MaxDatasetProfileLength = 16 * 1024;
    public const int MaxInputTagValueLength = 500;
    public const int DefaultSearchRuns = 1000;
    public const int MaxSearchRuns = 50000;
    public const int DefaultSearchExperiments = 1000;
    public const int MaxSearchExperiments = 50000;
    public const int MaxMetricHistoryPage = 25000;
}
