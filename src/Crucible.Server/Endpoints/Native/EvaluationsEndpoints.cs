using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crucible.Contracts.Evaluation;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Reporting;
using Crucible.Registry;
using Crucible.Server.Endpoints.Contract;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// Server-side evaluation of a model version. The result is stored where MLflow users look: the metrics on the
/// version's source run (<c>eval.&lt;dataset&gt;.&lt;metric&gt;</c>), the result JSON and the HTML report in the run's
/// artifacts (<c>evaluations/&lt;id&gt;/</c>), and the latest evaluation id and gate outcome as version tags.
/// Everything is validated and computed before the first write.
/// </summary>
internal static class EvaluationsEndpoints
{
    public const string LatestTag = "crucible.evaluation.latest";
    public const string GateTag = "crucible.evaluation.gate";
    public const string ArtifactFolder = "evaluations";
    public const string ResultFile = "evaluation.json";
    public const string ReportFile = "report.html";

    private static EvaluationApiJsonContext Json => EvaluationApiJsonContext.Default;

    public static void MapEvaluations(this IEndpointRouteBuilder api)
    {
        api.MapPost("models/{name}/versions/{version}/evaluations", EvaluateAsync).Native("EvaluateModelVersion", "Evaluate a model version on a dataset").Body<EvaluateVersionRequest>();
        api.MapGet("models/{name}/versions/{version}/evaluations/{id}", GetAsync).Native("GetEvaluation", "Get a stored evaluation result").Produces<JsonElement>(StatusCodes.Status200OK, EndpointDocs.Json);
    }

    private static async Task<JsonOk<EvaluationResponse>> EvaluateAsync(
        HttpContext http, IModelRegistryStore registry, IRunStore runs, IArtifactStore artifacts, IModelSource models, TimeProvider time, string name, string version)
    {
        var cancellationToken = http.RequestAborted;
        var model = await registry.GetModelVersionAsync(name, version, cancellationToken);
        var request = await EvaluationRequests.ReadAsync(http.Request, cancellationToken);
        var datasetName = EvaluationRequests.DatasetName(request.DatasetName);
        var result = await EvaluationRequests.EvaluateAsync(request, models, model.Name, model.Version, cancellationToken);

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var prefix = $"eval.{datasetName}.";
        var metrics = Metrics(result);
        var batch = new LogBatch([.. metrics.Select(m => new Metric(prefix + m.Key, m.Value, time.GetUtcNow().ToUnixTimeMilliseconds(), 0))], [], []);
        TrackingValidation.Batch(batch);
        var json = EvaluationJson.Serialize(result);

        var run = await SourceRunAsync(model, runs, cancellationToken);
        var stored = new List<string>();
        string? note = null;
        if (run is null)
        {
            note = model.RunId is null
                ? $"Model version {model.Name}/{model.Version} has no source run: only the version tags were stored."
                : $"The source run '{model.RunId}' of model version {model.Name}/{model.Version} no longer exists: only the version tags were stored.";
        }
        else
        {
            await runs.LogBatchAsync(run.Info.RunId, batch, cancellationToken);
            if (ModelSource.FromProxyUri(run.Info.ArtifactUri) is { } root)
            {
                var folder = $"{ArtifactFolder}/{id}";
                await PutAsync(artifacts, ArtifactPath.Combine(root, $"{folder}/{ResultFile}"), json, cancellationToken);
                await PutAsync(artifacts, ArtifactPath.Combine(root, $"{folder}/{ReportFile}"), EvaluationReport.Render(result, $"Evaluation of {model.Name} version {model.Version} on {datasetName}"), cancellationToken);
                stored.Add($"{folder}/{ResultFile}");
                stored.Add($"{folder}/{ReportFile}");
            }
            else
            {
                note = $"The run's artifacts at '{run.Info.ArtifactUri}' are not served by this server: the metrics and version tags were stored, the result and report were not.";
            }
        }

        await registry.SetModelVersionTagAsync(model.Name, model.Version, new Tag(LatestTag, id), cancellationToken);
        if (result.Gate is { } gate)
        {
            await registry.SetModelVersionTagAsync(model.Name, model.Version, new Tag(GateTag, gate.Passed ? "passed" : "failed"), cancellationToken);
        }
        else if (model.Tags.Any(t => t.Key == GateTag))
        {
            // The gate tag describes the latest evaluation; an evaluation without a gate leaves none.
            await registry.DeleteModelVersionTagAsync(model.Name, model.Version, GateTag, cancellationToken);
        }

        using var document = JsonDocument.Parse(json);
        var answer = new EvaluationResponse(
            id,
            run?.Info.RunId,
            datasetName,
            prefix,
            metrics,
            result.Gate is { } g ? new EvaluationGateDto(g.Expression, g.Passed, [.. g.Evidence.Select(e => new GateEvidenceDto(e.Comparison, e.Left, e.Operator, e.Right, e.Passed))]) : null,
            stored,
            document.RootElement.Clone())
        {
            Note = note,
        };
        return JsonOk.Of(answer, Json.EvaluationResponse);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IModelRegistryStore registry, IRunStore runs, IArtifactStore artifacts, string name, string version, string id)
    {
        var cancellationToken = http.RequestAborted;
        var model = await registry.GetModelVersionAsync(name, version, cancellationToken);
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            throw CrucibleException.NotFound($"Model version {model.Name}/{model.Version} has no evaluation '{id}'.");
        }

        var run = await SourceRunAsync(model, runs, cancellationToken);
        var root = run is null ? null : ModelSource.FromProxyUri(run.Info.ArtifactUri);
        if (root is null)
        {
            throw CrucibleException.NotFound($"Model version {model.Name}/{model.Version} has no evaluation '{id}' stored (evaluations are stored in the version's source run).");
        }

        Stream stream;
        try
        {
            stream = await artifacts.OpenReadAsync(ArtifactPath.Combine(root, $"{ArtifactFolder}/{id}/{ResultFile}"), cancellationToken);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            throw CrucibleException.NotFound($"Model version {model.Name}/{model.Version} has no evaluation '{id}'.");
        }

        return TypedResults.Stream(stream, "application/json");
    }

    /// <summary>The overall metrics, then the fairness disparities (their names do not overlap), as logged.</summary>
    private static Dictionary<string, double> Metrics(EvaluationResult result)
    {
        var metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal);
        foreach (var (key, value) in result.Fairness?.Metrics ?? new Dictionary<string, double>())
        {
            metrics.TryAdd(key, value);
        }

        return metrics;
    }

    private static async Task<Run?> SourceRunAsync(ModelVersion model, IRunStore runs, CancellationToken cancellationToken)
    {
        if (model.RunId is not { Length: > 0 } runId)
        {
            return null;
        }

        try
        {
            return await runs.GetRunAsync(runId, cancellationToken);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            return null;
        }
    }

    private static async Task PutAsync(IArtifactStore artifacts, string path, string text, CancellationToken cancellationToken)
    {
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await artifacts.PutAsync(path, content, cancellationToken);
    }
}
