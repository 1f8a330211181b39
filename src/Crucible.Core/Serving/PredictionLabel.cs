namespace Crucible.Core.Serving;

/// <summary>Ground truth for one served prediction, posted after the fact and joined by its request id.</summary>
/// <param name="RequestId">The request id the prediction was logged under (the client's OIP <c>id</c> or the generated one).</param>
/// <param name="Label">The true value: 0 or 1 for a binary classifier, the target for a regressor.</param>
public sealed record PredictionLabel(string RequestId, double Label);

/// <summary>The answer to a label post.</summary>
/// <param name="Stored">Labels written (inserted or replaced); duplicates in one batch count once, the last one wins.</param>
/// <param name="Unmatched">Of those, labels whose request id has no served prediction of the deployment yet.</param>
public sealed record LabelWriteResult(int Stored, int Unmatched);

/// <summary>
/// Ground-truth labels of a deployment's predictions, keyed by (deployment, request id). Writing a label again
/// replaces it. A label may arrive before its prediction is flushed to the log, so unknown request ids are stored too.
/// </summary>
public interface IPredictionLabelStore
{
    /// <summary>The most labels one call may write.</summary>
    const int MaxBatch = 10_000;

    /// <summary>The longest request id accepted.</summary>
    const int MaxRequestIdLength = 256;

    /// <summary>Upserts the labels in one transaction, all or none; bad input (empty id, non-finite label) writes nothing.</summary>
    Task<LabelWriteResult> UpsertLabelsAsync(string deployment, IReadOnlyList<PredictionLabel> labels, CancellationToken cancellationToken);

    /// <summary>
    /// The labels of the requests the deployment served (non-shadow) in [fromMs, toMs), keyed by request id.
    /// </summary>
    Task<IReadOnlyDictionary<string, double>> GetLabelsAsync(string deployment, long fromMs, long toMs, CancellationToken cancellationToken);
}
