using Crucible.Contracts.Evaluation;

namespace Crucible.Client;

/// <summary>Evaluations of registered versions on the server: Crucible's native <c>/api/crucible/v1/models/{name}/versions/{version}/evaluations</c> (ProblemDetails errors).</summary>
public sealed partial class CrucibleClient
{
    /// <summary>
    /// Evaluates a registered version over <see cref="EvaluateVersionRequest.PredictionsCsv"/> (its predictions with labels) or
    /// <see cref="EvaluateVersionRequest.DatasetCsv"/> (features and label; the server runs the version's ONNX model). The metrics
    /// are logged to the version's source run as <c>eval.&lt;dataset&gt;.*</c> with the report as artifacts; a failed gate is
    /// in <see cref="EvaluationResponse.Gate"/>, not an error.
    /// </summary>
    public async Task<EvaluationResponse> EvaluateModelVersionAsync(string name, string version, EvaluateVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = EvaluationApiJsonContext.Default;
        using var message = new HttpRequestMessage(HttpMethod.Post, VersionUri(name, version, "evaluations")) { Content = JsonBody(request, json.EvaluateVersionRequest) };
        return await SendAsync(message, json.EvaluationResponse, cancellationToken).ConfigureAwait(false);
    }
}
