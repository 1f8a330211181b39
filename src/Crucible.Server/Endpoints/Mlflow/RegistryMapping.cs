using Crucible.Contracts.Mlflow;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>
/// Registry entities to MLflow's wire shapes. Empty lists are omitted, as proto3 JSON omits them; a description never
/// set is <c>""</c>, as MLflow's server answers (its handlers store the request's unset proto2 string, which is "").
/// </summary>
internal static class RegistryMapping
{
    public static RegisteredModelDto ToDto(this RegisteredModel m) => new(
        m.Name,
        m.CreationTimestamp,
        m.LastUpdatedTimestamp,
        m.UserId,
        m.Description ?? string.Empty,
        MlflowMapping.NullIfEmpty(m.LatestVersions.Select(ToDto)),
        MlflowMapping.NullIfEmpty(m.Tags.Select(t => t.ToDto())),
        MlflowMapping.NullIfEmpty(m.Aliases.Select(a => new RegisteredModelAliasDto(a.Alias, a.Version))));

    public static ModelVersionDto ToDto(this ModelVersion v) => new(
        v.Name,
        v.Version,
        v.CreationTimestamp,
        v.LastUpdatedTimestamp,
        v.UserId,
        v.CurrentStage,
        v.Description ?? string.Empty,
        v.Source,
        v.RunId,
        v.Status,
        v.StatusMessage,
        MlflowMapping.NullIfEmpty(v.Tags.Select(t => t.ToDto())),
        v.RunLink,
        MlflowMapping.NullIfEmpty(v.Aliases),
        v.ModelId);

    public static List<Tag> ToTags(IReadOnlyList<KeyValue>? tags) =>
        (tags ?? []).Select(t => t.ToTag(RegistryLimits.MaxTagValueLength)).ToList();

}
