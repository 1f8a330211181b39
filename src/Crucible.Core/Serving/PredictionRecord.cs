namespace Crucible.Core.Serving;

/// <summary>
/// One served prediction as the capture path logs it. <see cref="Inputs"/> and <see cref="Outputs"/> are JSON
/// objects mapping tensor names to <c>{"datatype","shape","data"}</c> (the Open Inference Protocol's tensor form,
/// flat data); <see cref="Outputs"/> is null when the run failed and <see cref="Error"/> says why.
/// Shadow predictions are logged with <see cref="Shadow"/> set; they were never returned to a client.
/// </summary>
public sealed record PredictionRecord(
    string RequestId,
    string Deployment,
    string Model,
    string Version,
    long TimestampMs,
    string Inputs,
    string? Outputs,
    double LatencyMs,
    bool Shadow,
    string? Error = null);

/// <summary>A page of the prediction log of one deployment, oldest first, within [FromMs, ToMs).</summary>
public sealed record PredictionQuery(string Deployment, long? FromMs, long? ToMs, int MaxResults, string? PageToken, bool IncludeShadow = true);

/// <summary>
/// The prediction log the serving path writes and monitoring reads. Appends come in batches from the capture
/// writer, never from the request path.
/// </summary>
public interface IPredictionLogStore
{
    /// <summary>Appends the records in one transaction: all of them or none.</summary>
    Task AppendPredictionsAsync(IReadOnlyList<PredictionRecord> records, CancellationToken cancellationToken);

    Task<Tracking.Page<PredictionRecord>> QueryPredictionsAsync(PredictionQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The newest prediction served to a client under a request id (the client's OIP <c>id</c> or the generated one),
    /// or null. Ids may be reused, so the latest wins; shadow predictions share their request's id and are skipped.
    /// </summary>
    Task<PredictionRecord?> GetPredictionAsync(string deployment, string requestId, CancellationToken cancellationToken);
}
