using Crucible.Contracts.Monitoring;
using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Serving;
using Crucible.Storage.Serving;

namespace Crucible.Server.Endpoints.Monitoring;

/// <summary>
/// A deployment's prediction-log retention (issue 13): <c>GET /api/crucible/v1/deployments/{name}/retention</c> answers
/// its own bounds, the bounds in effect and the log's size; <c>PUT</c> with <c>{"max_age_ms", "max_bytes"}</c> sets
/// them (null or missing: the server's default; 0: no bound). Compaction (<see cref="PredictionLogCompactor"/>)
/// applies them. Errors are ProblemDetails.
/// </summary>
internal static class RetentionEndpoints
{
    /// <summary>The longest max age accepted: 100 years.</summary>
    public const long MaxAgeLimitMs = 100L * 366 * 24 * 3_600_000;

    /// <summary>The largest max bytes accepted: 1 PiB.</summary>
    public const long MaxBytesLimit = 1L << 50;

    public static void MapRetention(this IEndpointRouteBuilder app)
    {
        app.MapGet("deployments/{name}/retention", GetAsync).Native("GetRetention", "Get a deployment's prediction-log retention and usage");
        app.MapPut("deployments/{name}/retention", PutAsync).Native("SetRetention", "Set a deployment's prediction-log retention").Body<RetentionRequest>();
    }

    private static async Task<JsonOk<RetentionResponse>> GetAsync(HttpContext http, IDeploymentStore deployments, PredictionLogCompactor compactor, SqlPredictionRetention retention, string name)
    {
        await deployments.GetDeploymentAsync(name, http.RequestAborted);
        return await AnswerAsync(compactor, retention, name, http.RequestAborted);
    }

    private static async Task<JsonOk<RetentionResponse>> PutAsync(HttpContext http, IDeploymentStore deployments, PredictionLogCompactor compactor, SqlPredictionRetention retention, string name)
    {
        await deployments.GetDeploymentAsync(name, http.RequestAborted);
        var request = await MlflowRequest.ReadAsync(http, RetentionJsonContext.Default.RetentionRequest);
        Check(request.MaxAgeMs, MaxAgeLimitMs, "max_age_ms", "milliseconds");
        Check(request.MaxBytes, MaxBytesLimit, "max_bytes", "bytes");
        await retention.SetAsync(name, request.MaxAgeMs, request.MaxBytes, http.RequestAborted);
        return await AnswerAsync(compactor, retention, name, http.RequestAborted);
    }

    private static async Task<JsonOk<RetentionResponse>> AnswerAsync(PredictionLogCompactor compactor, SqlPredictionRetention retention, string name, CancellationToken cancellationToken)
    {
        var (maxAge, maxBytes, own) = await compactor.BoundsAsync(name, cancellationToken);
        var size = await retention.SizeAsync(name, cancellationToken);
        return JsonOk.Of(
            new RetentionResponse(name, own?.MaxAgeMs, own?.MaxBytes, maxAge, maxBytes, size.Rows, size.Bytes, own?.UpdatedTimeMs),
            RetentionJsonContext.Default.RetentionResponse);
    }

    private static void Check(long? value, long limit, string field, string unit)
    {
        if (value is { } v && (v < 0 || v > limit))
        {
            throw CrucibleException.Invalid($"Invalid value {v} for '{field}': expected 0 (no bound) to {limit} {unit}, or null for the server's default.");
        }
    }
}
