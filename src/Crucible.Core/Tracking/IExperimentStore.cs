namespace Crucible.Core.Tracking;

/// <summary>Experiments: create, read, search, rename, soft-delete and tag.</summary>
public interface IExperimentStore
{
    Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken);

    /// <summary>Throws <c>ResourceDoesNotExist</c> when there is no such experiment.</summary>
    Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken);

    Task<Experiment?> FindExperimentByNameAsync(string name, CancellationToken cancellationToken);

    Task<Page<Experiment>> SearchExperimentsAsync(ExperimentSearchQuery query, CancellationToken cancellationToken);

    Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken);

    Task SetExperimentLifecycleAsync(string experimentId, LifecycleStage stage, CancellationToken cancellationToken);

    Task SetExperimentTagAsync(string experimentId, Tag tag, CancellationToken cancellationToken);

    Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken);
}
