namespace Crucible.Evaluation.Models;

/// <summary>How a model is run over a dataset.</summary>
public sealed record ModelRunSettings
{
    /// <summary>Rows per OnnxSession.Run call.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>The input to feed the [batch, features] float tensor; the model's first input when null.</summary>
    public string? InputName { get; init; }

    /// <summary>
    /// The output holding probabilities [N, K] (classification) or predictions [N] / [N, 1] (regression); when null, the
    /// first float tensor output of rank 2 (classification) or the first float tensor output (regression).
    /// </summary>
    public string? ScoreOutput { get; init; }
}
