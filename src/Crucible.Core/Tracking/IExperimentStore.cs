namespace Crucible.Core.Tracking;

/// <summary>Experiments: create, read, search, rename, soft-delete and tag.</summary>
public interface IExperimentStore
{
    /// <summary>Creates the experiment in the default workspace.</summary>
    Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken) =>
        CreateExperimentAsync(name, artifactLocation, tags, Security.Caller.DefaultWorkspace, cancellationToken);

    /// <summary>Creates the experiment in <paramref name="workspace"/>, which owns it from then on.</summary>
    Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<Tag> tags, string workspace, CancellationToken cancellationToken);

    /// <summary>Throws <c>ResourceDoesNotExist</c> when there is no such experiment.</summary>
    Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken);

    Task<Experiment?> FindExperimentByNameAsync(string name, CancellationToken cancellationToken);

    Task<Page<Experiment>> SearchExperimentsAsync(ExperimentSearchQuery query, CancellationToken cancellationToken);

    Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken);

    Task SetExperimentLifecycleAsync(string experimentId, LifecycleStage stage, CancellationToken cancellationToken);

    Task SetExperimentTagAsync(string experimentId, Tag tag, CancellationToken cancellationToken);

    Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken);
}
