using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using DatasetEntity = Crucible.Core.Tracking.Dataset;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>Entities to MLflow's wire shapes and back. Empty lists are omitted, as proto3 JSON omits them.</summary>
internal static class MlflowMapping
{
    public static ExperimentDto ToDto(this Experiment e) => new(
        e.ExperimentId, e.Name, e.ArtifactLocation, Stage(e.LifecycleStage), e.LastUpdateTime, e.CreationTime, NullIfEmpty(e.Tags.Select(ToDto)));

    public static RunDto ToDto(this Run run) => new(
        run.Info.ToDto(),
        new RunDataDto(
            NullIfEmpty(run.Data.Metrics.Select(ToDto)),
            NullIfEmpty(run.Data.Params.Select(p => new KeyValue(p.Key, p.Value))),
            NullIfEmpty(run.Data.Tags.Select(ToDto))),
        new RunInputsDto(NullIfEmpty(run.Inputs.DatasetInputs.Select(i => new DatasetInputDto(
            NullIfEmpty(i.Tags.Select(ToDto)),
            new DatasetDto(i.Dataset.Name, i.Dataset.Digest, i.Dataset.SourceType, i.Dataset.Source, i.Dataset.Schema, i.Dataset.Profile))))));

    public static RunInfoDto ToDto(this RunInfo i) => new(
        i.RunId, i.RunId, i.RunName, i.ExperimentId, i.UserId, i.Status.ToString().ToUpperInvariant(), i.StartTime, i.EndTime, i.ArtifactUri, Stage(i.LifecycleStage));

    public static MetricDto ToDto(this Metric m) => new(m.Key, m.Value, m.Timestamp, m.Step)
    {
        ModelId = m.ModelId,
        DatasetName = m.DatasetName,
        DatasetDigest = m.DatasetDigest,
    };

    public static KeyValue ToDto(this Tag t) => new(t.Key, t.Value);

    public static Tag ToTag(this KeyValue kv, int maxValueLength = TrackingLimits.MaxTagValueLength) =>
        new(TrackingValidation.Key(kv.Key, "Tag"), TrackingValidation.Value(kv.Value, maxValueLength, "Tag", kv.Key!));

    public static Metric ToMetric(this MetricDto m) => new(
        TrackingValidation.Key(m.Key, "Metric"),
        m.Value ?? throw CrucibleException.Invalid($"Missing value for required parameter 'value' of metric '{m.Key}'."),
        m.Timestamp ?? throw CrucibleException.Invalid($"Missing value for required parameter 'timestamp' of metric '{m.Key}'."),
        m.Step ?? 0)
    {
        ModelId = m.ModelId,
        DatasetName = m.DatasetName,
        DatasetDigest = m.DatasetDigest,
    };

    public static DatasetInput ToInput(this DatasetInputDto input)
    {
        var d = input.Dataset ?? throw CrucibleException.Invalid("Missing value for required parameter 'dataset'.");
        var dataset = new DatasetEntity(
            Field(d.Name, "name", TrackingLimits.MaxDatasetFieldLength),
            Field(d.Digest, "digest", 36),
            Field(d.SourceType, "source_type", TrackingLimits.MaxDatasetFieldLength),
            Field(d.Source, "source", 65535),
            d.Schema is null ? null : Guard.MaxLength(d.Schema, TrackingLimits.MaxDatasetSchemaLength, "schema"),
            d.Profile is null ? null : Guard.MaxLength(d.Profile, TrackingLimits.MaxDatasetProfileLength, "profile"));
        return new DatasetInput(dataset, (input.Tags ?? []).Select(t => t.ToTag(TrackingLimits.MaxInputTagValueLength)).ToList());
    }

    public static string RunId(string? runId, string? runUuid) => Guard.Required(string.IsNullOrEmpty(runId) ? runUuid : runId, "run_id");

    private static string Field(string? value, string name, int max) => Guard.MaxLength(Guard.Required(value, name), max, name);

    private static string Stage(LifecycleStage stage) => stage == LifecycleStage.Active ? "active" : "deleted";

    /// <summary>Null for an empty list: proto3 JSON omits empty repeated fields.</summary>
    public static List<T>? NullIfEmpty<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? null : list;
    }
}
