using System.Globalization;
using System.Text.Json;
using Crucible.Contracts.Serving;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Serving;
using Crucible.Registry;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Security;
using Crucible.Server.Serving;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Endpoints.Serving;

/// <summary>
/// The native deployments API under <c>/api/crucible/v1/deployments</c> (ProblemDetails errors). A write is applied
/// to this replica's serving table before the answer, so the status in the answer shows whether the models loaded;
/// other replicas pick it up on their next refresh.
/// </summary>
internal static class DeploymentsEndpoints
{
    private static ServingJsonContext Json => ServingJsonContext.Default;

    public static void MapDeployments(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("deployments");
        api.RequireAccess(AccessPolicies.Deployments);
        api.MapPost(string.Empty, CreateAsync).Native("CreateDeployment", "Create a deployment").Body<DeploymentRequest>();
        api.MapGet(string.Empty, ListAsync).Native("ListDeployments", "List deployments with their route status");
        api.MapGet("{name}", GetAsync).Native("GetDeployment", "Get a deployment with its route status");
        api.MapPut("{name}", ReplaceAsync).Native("ReplaceDeployment", "Replace a deployment's routes, shadow and batching").Body<DeploymentRequest>();
        api.MapDelete("{name}", DeleteAsync).Native("DeleteDeployment", "Delete a deployment").ProducesEmptyObject();
        api.MapGet("{name}/predictions", PredictionsAsync).Native("ListDeploymentPredictions", "List a deployment's logged predictions, newest first");
    }

    private static async Task<JsonOk<DeploymentResponse>> CreateAsync(HttpContext http, IDeploymentStore store, DeploymentTable table, IModelRegistryStore registry, IModelSource source, ModelHost host)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.DeploymentRequest);
        var spec = DeploymentMapping.ToSpec(request, null) with { Workspace = Security.Workspaces.TargetWorkspaceAccess.TargetWorkspace(http) };
        // First what registration recorded (a version without an ONNX package), then what loading the model shows.
        await ServableCheck.EnsureServableAsync(spec, registry, http.RequestAborted);
        using var servable = await DeployTimeServability.CheckAsync(spec, source, host, http.RequestAborted);
        var created = await store.CreateDeploymentAsync(spec, http.RequestAborted);
        await table.RefreshAsync(created.Name, http.RequestAborted);
        return Answer(created, table);
    }

    private static async Task<JsonOk<DeploymentsResponse>> ListAsync(HttpContext http, IDeploymentStore store, DeploymentTable table)
    {
        var deployments = await Security.Workspaces.ReadFilter.ReadableAsync(http, await store.ListDeploymentsAsync(http.RequestAborted), Core.Security.ResourceKind.Deployment, d => d.Name);
        return JsonOk.Of(new DeploymentsResponse([.. deployments.Select(d => DeploymentMapping.ToDto(d, table))]), Json.DeploymentsResponse);
    }

    private static async Task<JsonOk<DeploymentResponse>> GetAsync(HttpContext http, IDeploymentStore store, DeploymentTable table, string name) =>
        Answer(await store.GetDeploymentAsync(name, http.RequestAborted), table);

    private static async Task<JsonOk<DeploymentResponse>> ReplaceAsync(HttpContext http, IDeploymentStore store, DeploymentTable table, IModelRegistryStore registry, IModelSource source, ModelHost host, string name)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.DeploymentRequest);
        var spec = DeploymentMapping.ToSpec(request, name);
        // First what registration recorded (a version without an ONNX package), then what loading the model shows.
        await ServableCheck.EnsureServableAsync(spec, registry, http.RequestAborted);
        using var servable = await DeployTimeServability.CheckAsync(spec, source, host, http.RequestAborted);
        var updated = await store.UpdateDeploymentAsync(spec, request.ExpectedRevision, http.RequestAborted);
        await table.RefreshAsync(updated.Name, http.RequestAborted);
        return Answer(updated, table);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IDeploymentStore store, DeploymentTable table, string name)
    {
        await store.DeleteDeploymentAsync(name, http.RequestAborted);
        await table.RefreshAsync(name, http.RequestAborted);
        return TypedResults.Text("{}", "application/json");
    }

    private static async Task<JsonOk<PredictionsResponse>> PredictionsAsync(HttpContext http, IDeploymentStore store, IPredictionLogStore log, string name)
    {
        await store.GetDeploymentAsync(name, http.RequestAborted);
        var query = http.Request.Query;
        var page = await log.QueryPredictionsAsync(
            new PredictionQuery(
                name,
                Guard.EpochMs(Long(query, "from"), "from"),
                Guard.EpochMs(Long(query, "to"), "to"),
                Long(query, "max_results") is { } max ? (int)Math.Clamp(max, -1, int.MaxValue) : 100,
                query["page_token"].FirstOrDefault(),
                !string.Equals(query["include_shadow"].FirstOrDefault(), "false", StringComparison.OrdinalIgnoreCase)),
            http.RequestAborted);
        var items = page.Items.Select(p => new PredictionDto(
            p.RequestId, p.Model, p.Version, p.TimestampMs, Parse(p.Inputs), p.Outputs is null ? null : Parse(p.Outputs), p.LatencyMs, p.Shadow, p.Error)).ToArray();
        return JsonOk.Of(new PredictionsResponse(items, page.NextPageToken), Json.PredictionsResponse);
    }

    private static JsonOk<DeploymentResponse> Answer(Deployment deployment, DeploymentTable table) =>
        JsonOk.Of(new DeploymentResponse(DeploymentMapping.ToDto(deployment, table)), Json.DeploymentResponse);

    internal static long? Long(IQueryCollection query, string key)
    {
        var text = query[key].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw CrucibleException.Invalid($"Invalid value '{text}' for '{key}': expected an integer.");
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
