namespace Crucible.Core.Tracking;

public sealed record Tag(string Key, string Value);

public sealed record Param(string Key, string Value);

/// <summary>One logged value of a metric. Several values may share a (key, step).</summary>
public sealed record Metric(string Key, double Value, long Timestamp, long Step)
{
    public string? ModelId { get; init; }

    public string? DatasetName { get; init; }

    public string? DatasetDigest { get; init; }
}

public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    LifecycleStage LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    IReadOnlyList<Tag> Tags);

public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    LifecycleStage LifecycleStage);

/// <summary>A run's data: the latest value of each metric, its params and tags.</summary>
public sealed record RunData(IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<Tag> Tags)
{
    public static RunData Empty { get; } = new([], [], []);
}

/// <summary>A dataset as MLflow logs it: identity by (name, digest), with its source, schema and profile.</summary>
public sealed record Dataset(string Name, string Digest, string SourceType, string Source, string? Schema, string? Profile);

public sealed record DatasetInput(Dataset Dataset, IReadOnlyList<Tag> Tags);

public sealed record RunInputs(IReadOnlyList<DatasetInput> DatasetInputs)
{
    public static RunInputs Empty { get; } = new([]);
}

public sealed record Run(RunInfo Info, RunData Data, RunInputs Inputs);

/// <summary>One page of results and the opaque token of the next one (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
