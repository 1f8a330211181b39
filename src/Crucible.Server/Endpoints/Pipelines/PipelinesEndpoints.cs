using System.Text;
using Crucible.Contracts.Pipelines;
using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Pipelines;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Pipelines;

/// <summary>
/// The native pipelines API (ProblemDetails errors): pipelines as YAML under <c>/api/crucible/v1/pipelines</c>
/// (create or replace, list, get, validate), runs started by hand with parameter overrides, and recorded runs under
/// <c>/api/crucible/v1/pipeline-runs/{id}</c>. A pipeline body is YAML text, or JSON <c>{"yaml": "..."}</c> sent as
/// <c>application/json</c>.
/// </summary>
internal static class PipelinesEndpoints
{
    /// <summary>Largest pipeline file accepted.</summary>
    public const int MaxYamlBytes = 1024 * 1024;

    /// <summary>A pipeline is sent as JSON <c>{"yaml": "..."}</c> or as the YAML text itself.</summary>
    private static readonly string[] PipelineBodyTypes = ["application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    private static PipelinesJsonContext Json => PipelinesJsonContext.Default;

    public static void MapPipelinesApi(this IEndpointRouteBuilder app)
    {
        app = app.MapGroup(string.Empty).RequireAccess(AccessPolicies.Pipelines);
        var pipelines = app.MapGroup("pipelines");
        pipelines.MapPost(string.Empty, CreateAsync).WithBodyTypes(PipelineBodyTypes).Native("CreatePipeline", "Create or update a pipeline from YAML").Body<PipelineRequest>();
        pipelines.MapGet(string.Empty, ListAsync).Native("ListPipelines", "List pipelines");
        pipelines.MapPost("validate", (Delegate)ValidateAsync).WithBodyTypes(PipelineBodyTypes).Native("ValidatePipeline", "Validate a pipeline without storing it").Body<PipelineRequest>().ReadsOnly();
        pipelines.MapGet("{name}", GetAsync).Native("GetPipeline", "Get a pipeline");
        pipelines.MapPost("{name}/runs", StartRunAsync).Native("StartPipelineRun", "Start a run of a pipeline").Body<StartPipelineRunRequest>();
        pipelines.MapGet("{name}/runs", ListRunsAsync).Native("ListPipelineRuns", "List a pipeline's runs");
        app.MapGet("pipeline-runs/{id}", GetRunAsync).Native("GetPipelineRun", "Get a pipeline run with its steps");
    }

    private static async Task<JsonOk<PipelineResponse>> CreateAsync(HttpContext http, PipelineService service, PipelineGuard guard, IPipelineStore store)
    {
        var yaml = await ReadYamlAsync(http);
        await guard.CheckSaveAsync(PipelineService.Parse(yaml), store, http.GetCaller(), http.RequestAborted);
        var (definition, spec) = await service.SaveAsync(yaml, Security.Workspaces.TargetWorkspaceAccess.TargetWorkspace(http), http.RequestAborted);
        return JsonOk.Of(new PipelineResponse(PipelineMapping.ToDto(definition, spec)), Json.PipelineResponse);
    }

    private static async Task<JsonOk<ValidatePipelineResponse>> ValidateAsync(HttpContext http)
    {
        var yaml = await ReadYamlAsync(http);
        try
        {
            var spec = PipelineSpecParser.Parse(yaml);
            return JsonOk.Of(new ValidatePipelineResponse(true, spec.Name, [], PipelineMapping.Steps(spec)), Json.ValidatePipelineResponse);
        }
        catch (PipelineSpecException e)
        {
            return JsonOk.Of(
                new ValidatePipelineResponse(false, null, [.. e.Errors.Select(x => new PipelineErrorDto(x.Line, x.Column, x.Message))], null), Json.ValidatePipelineResponse);
        }
    }

    private static async Task<JsonOk<PipelinesResponse>> ListAsync(HttpContext http, IPipelineStore store)
    {
        var pipelines = await Security.Workspaces.ReadFilter.ReadableAsync(http, await store.ListPipelinesAsync(http.RequestAborted), Core.Security.ResourceKind.Pipeline, p => p.Name);
        return JsonOk.Of(new PipelinesResponse([.. pipelines.Select(p => PipelineMapping.ToDto(p, PipelineService.Parse(p.Yaml)))]), Json.PipelinesResponse);
    }

    private static async Task<JsonOk<PipelineResponse>> GetAsync(HttpContext http, IPipelineStore store, string name)
    {
        var definition = await store.GetPipelineAsync(name, http.RequestAborted);
        return JsonOk.Of(new PipelineResponse(PipelineMapping.ToDto(definition, PipelineService.Parse(definition.Yaml))), Json.PipelineResponse);
    }

    private static async Task<JsonOk<PipelineRunResponse>> StartRunAsync(HttpContext http, PipelineService service, string name)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.StartPipelineRunRequest);
        var run = await service.StartAsync(name, "manual", request.Params, http.RequestAborted);
        return JsonOk.Of(new PipelineRunResponse(PipelineMapping.ToDto(run, withSteps: true)), Json.PipelineRunResponse);
    }

    private static async Task<JsonOk<PipelineRunsResponse>> ListRunsAsync(HttpContext http, IPipelineStore store, string name)
    {
        var max = http.Request.Query["max_results"].FirstOrDefault() is { } text
            ? int.TryParse(text, out var n) ? n : throw CrucibleException.Invalid($"Invalid max_results '{text}': expected a whole number.")
            : 100;
        await store.GetPipelineAsync(name, http.RequestAborted);
        var runs = await store.ListRunsAsync(name, max, http.RequestAborted);
        return JsonOk.Of(new PipelineRunsResponse([.. runs.Select(r => PipelineMapping.ToDto(r, withSteps: false))]), Json.PipelineRunsResponse);
    }

    private static async Task<JsonOk<PipelineRunResponse>> GetRunAsync(HttpContext http, IPipelineStore store, string id) =>
        JsonOk.Of(new PipelineRunResponse(PipelineMapping.ToDto(await store.GetRunAsync(id, http.RequestAborted), withSteps: true)), Json.PipelineRunResponse);

    private static async Task<string> ReadYamlAsync(HttpContext http)
    {
        var body = await MlflowRequest.ReadBodyAsync(http.Request, MaxYamlBytes, http.RequestAborted);
        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var request = MlflowRequest.Deserialize(body.Length == 0 ? "{}"u8.ToArray() : body, Json.PipelineRequest);
            return Guard.Required(request.Yaml, "yaml");
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
            return text.Length == 0 ? throw CrucibleException.Invalid("The request body is empty: send the pipeline's YAML text.") : text;
        }
        catch (DecoderFallbackException)
        {
            throw CrucibleException.Invalid("The pipeline file is not valid UTF-8 text.");
        }
    }
}
