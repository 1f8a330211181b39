using Crucible.Serving.Inference;

namespace Crucible.Serving.Capture;

/// <summary>
/// One served (or shadow) prediction as the request path hands it to <see cref="PredictionCapture"/>: the tensors
/// as they are, turned into JSON later by the capture writer, off the request path. <see cref="Outputs"/> is null
/// when the run failed and <see cref="Error"/> says why.
/// </summary>
public readonly record struct CaptureItem(
    string RequestId,
    string Deployment,
    string Model,
    string Version,
    long TimestampMs,
    IReadOnlyList<InferenceInput> Inputs,
    IReadOnlyList<InferenceOutput>? Outputs,
    double LatencyMs,
    bool Shadow,
    string? Error = null);
