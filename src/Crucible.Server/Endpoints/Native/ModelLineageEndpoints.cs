using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;

namespace Crucible.Server.Endpoints.Native;

/// <summary>Lineage: where a model version came from (run, params, metrics, datasets) and which versions a dataset trained.</summary>
internal static class ModelLineageEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapModelLineage(this IEndpointRouteBuilder api)
    {
        api.MapGet("models/{name}/versions/{version}/lineage", LineageAsync).Native("GetModelLineage", "Get a model version's lineage: source run, datasets, parent versions");
        api.MapGet("datasets/{name}/model-versions", TrainedOnAsync).Native("ListModelVersionsTrainedOnDataset", "List model versions trained on a dataset (by name, optionally digest)");
    }

    private static async Task<JsonOk<ModelLineageDto>> LineageAsync(HttpContext http, IModelRegistryStore store, IRunStore runs, string name, string version)
    {
        var model = await store.GetModelVersionAsync(name, version, http.RequestAborted);
        Run? run = null;
        if (model.RunId is { } runId)
        {
            try
            {
                run = await runs.GetRunAsync(runId, http.RequestAborted);
            }
            catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
            {
                run = null;
            }
        }

        var lineage = new ModelLineageDto(
            model.ToDto(),
            model.RunId,
            run?.Info.ExperimentId,
            run?.Info.RunName,
            run?.Info.Status.ToString().ToUpperInvariant(),
            run is null ? null : MlflowMapping.NullIfEmpty(run.Data.Params.Select(p => new KeyValue(p.Key, p.Value))),
            run is null ? null : MlflowMapping.NullIfEmpty(run.Data.Metrics.Select(m => m.ToDto())),
            run is null ? null : MlflowMapping.NullIfEmpty(run.Inputs.DatasetInputs.Select(i => new LineageDatasetDto(
                i.Dataset.Name, i.Dataset.Digest, i.Dataset.SourceType, i.Dataset.Source, MlflowMapping.NullIfEmpty(i.Tags.Select(t => t.ToDto()))))));
        return JsonOk.Of(lineage, Json.ModelLineageDto);
    }

    private static async Task<JsonOk<DatasetModelVersionsDto>> TrainedOnAsync(HttpContext http, IModelRegistryStore store, string name)
    {
        var digest = http.Request.Query["digest"].ToString();
        var versions = await store.FindVersionsTrainedOnAsync(name, digest.Length == 0 ? null : digest, http.RequestAborted);
        return JsonOk.Of(new DatasetModelVersionsDto(name, digest.Length == 0 ? null : digest, versions.Select(v => v.ToDto()).ToList()), Json.DatasetModelVersionsDto);
    }
}
