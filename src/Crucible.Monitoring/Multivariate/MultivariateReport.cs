namespace Crucible.Monitoring.Multivariate;

/// <summary>A chunk of rows [Start, End) and its mean reconstruction error.</summary>
/// <param name="Start">First row (0-based).</param>
/// <param name="End">One past the last row.</param>
/// <param name="Error">Mean Euclidean reconstruction error of the chunk's rows.</param>
/// <param name="Alert">True when the error is outside the reference band.</param>
public sealed record ChunkError(int Start, int End, double Error, bool Alert);

/// <summary>NannyML's PCA data-reconstruction drift.</summary>
/// <param name="Components">Principal components kept.</param>
/// <param name="ExplainedVarianceRatio">Explained variance ratio of each kept component.</param>
/// <param name="ReferenceChunks">Reference chunks (they set the band).</param>
/// <param name="CurrentChunks">Current chunks, as large as the reference chunks.</param>
/// <param name="CurrentError">Mean reconstruction error over every current row.</param>
/// <param name="LowerThreshold">Mean − σs × std of the reference chunks' errors, at least 0.</param>
/// <param name="UpperThreshold">Mean + σs × std of the reference chunks' errors.</param>
/// <param name="Drift">True when <paramref name="CurrentError"/> is outside the band.</param>
public sealed record ReconstructionDrift(
    int Components,
    IReadOnlyList<double> ExplainedVarianceRatio,
    IReadOnlyList<ChunkError> ReferenceChunks,
    IReadOnlyList<ChunkError> CurrentChunks,
    double CurrentError,
    double LowerThreshold,
    double UpperThreshold,
    bool Drift);

/// <summary>Domain classifier: how well reference rows can be told from current rows.</summary>
/// <param name="Auc">Cross-validated ROC AUC of the out-of-fold predictions, pooled over the folds.</param>
/// <param name="Threshold">AUC at or above which the data drifted.</param>
/// <param name="Drift">True when <paramref name="Auc"/> reaches <paramref name="Threshold"/>.</param>
/// <param name="ReferenceRows">Reference rows used (sampled down to the cap).</param>
/// <param name="CurrentRows">Current rows used (sampled down to the cap).</param>
/// <param name="Folds">Stratified folds.</param>
/// <param name="Features">Classifier features (columns, their squares, and pairwise products for up to 12 columns).</param>
public sealed record DomainClassifierDrift(double Auc, double Threshold, bool Drift, int ReferenceRows, int CurrentRows, int Folds, int Features);

/// <summary>Multivariate drift of current against reference (serializable with <see cref="MultivariateJson"/>).</summary>
/// <param name="Columns">Columns used.</param>
/// <param name="ReferenceRows">Reference rows.</param>
/// <param name="CurrentRows">Current rows.</param>
/// <param name="Reconstruction">PCA data-reconstruction drift.</param>
/// <param name="DomainClassifier">Domain classifier drift.</param>
/// <param name="Drift">True when either method reports drift.</param>
public sealed record MultivariateReport(
    IReadOnlyList<string> Columns,
    long ReferenceRows,
    long CurrentRows,
    ReconstructionDrift Reconstruction,
    DomainClassifierDrift DomainClassifier,
    bool Drift);
