namespace Crucible.Core.Datasets;

/// <summary>
/// Datasets: named records with versions 1, 2, 3… Each version describes one file already written to the
/// artifact store. Registering a digest that a name already holds returns that version instead of a new one.
/// Unknown names or versions are <c>ResourceDoesNotExist</c>; invalid names, formats or provenance are
/// <c>InvalidParameterValue</c>, checked (<see cref="DatasetLimits"/>) before anything is written.
/// </summary>
public interface IDatasetStore
{
    /// <summary>Records a version under <see cref="NewDatasetVersion.Name"/> (creating the dataset if needed), or returns the version already holding the same digest.</summary>
    Task<DatasetRegistration> RegisterVersionAsync(NewDatasetVersion version, CancellationToken cancellationToken);

    Task<DatasetVersion> GetVersionAsync(string name, long version, CancellationToken cancellationToken);

    /// <summary>The version of <paramref name="name"/> holding <paramref name="digest"/>, or null.</summary>
    Task<DatasetVersion?> FindByDigestAsync(string name, string digest, CancellationToken cancellationToken);

    /// <summary>A dataset's versions, oldest first; <c>ResourceDoesNotExist</c> when the name is unknown.</summary>
    Task<IReadOnlyList<DatasetVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken);

    /// <summary>All datasets by name, each with its latest version.</summary>
    Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes one version and returns it (the caller deletes its files). Version numbers are never reused. Refused with
    /// <c>ResourceConflict</c> while another version names it as a parent, so lineage never points at nothing.
    /// </summary>
    Task<DatasetVersion> DeleteVersionAsync(string name, long version, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a dataset with all its versions and returns them; the name may then be registered afresh from version 1.
    /// Refused with <c>ResourceConflict</c> while a version of another dataset names one of them as a parent.
    /// </summary>
    Task<IReadOnlyList<DatasetVersion>> DeleteDatasetAsync(string name, CancellationToken cancellationToken);
}
