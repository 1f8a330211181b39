namespace Crucible.Evaluation.Inputs;

/// <summary>Which columns of a predictions file hold what.</summary>
/// <param name="Label">The true label (class name or index, or the regression target).</param>
/// <param name="Prediction">The predicted label or value; optional for classification when scores are given.</param>
/// <param name="Scores">Probability columns: one (class 1) for binary, K (class order) for multiclass.</param>
/// <param name="Weight">Optional sample-weight column.</param>
public sealed record PredictionColumns(
    string Label = "label",
    string? Prediction = null,
    IReadOnlyList<string>? Scores = null,
    string? Weight = null)
{
    /// <summary>
    /// Optional class names in class-index order. Without them, labels that are all integers are class indices, and
    /// other labels are encoded in ordinal sort order (sklearn's LabelEncoder).
    /// </summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>The score columns, or none.</summary>
    public IReadOnlyList<string> ScoreColumns => Scores ?? [];
}
