using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Core.Security;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// The dataset store as one request's registration sees it: a new dataset is created in <paramref name="workspace"/>,
/// and a version for a dataset that another workspace owns is refused (the redaction route names its target dataset
/// in the body, where authorization does not look), as if that dataset did not exist.
/// </summary>
internal sealed class WorkspaceDatasets(IDatasetStore inner, IWorkspaceStore workspaces, string workspace) : IDatasetStore
{
    public async Task<DatasetRegistration> RegisterVersionAsync(NewDatasetVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (await workspaces.LocateAsync(ResourceKind.Dataset, version.Name, cancellationToken) is { } found && found.Workspace != workspace)
        {
            throw CrucibleException.AlreadyExists($"A dataset named '{version.Name}' exists in another workspace; dataset names are unique across workspaces.");
        }

        return await inner.RegisterVersionAsync(version with { Workspace = workspace }, cancellationToken);
    }

    public Task<DatasetVersion> GetVersionAsync(string name, long version, CancellationToken cancellationToken) => inner.GetVersionAsync(name, version, cancellationToken);

    public Task<DatasetVersion?> FindByDigestAsync(string name, string digest, CancellationToken cancellationToken) => inner.FindByDigestAsync(name, digest, cancellationToken);

    public Task<IReadOnlyList<DatasetVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken) => inner.ListVersionsAsync(name, cancellationToken);

    public Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken) => inner.ListDatasetsAsync(cancellationToken);

    public Task<DatasetVersion> DeleteVersionAsync(string name, long version, CancellationToken cancellationToken) => inner.DeleteVersionAsync(name, version, cancellationToken);

    public Task<IReadOnlyList<DatasetVersion>> DeleteDatasetAsync(string name, CancellationToken cancellationToken) => inner.DeleteDatasetAsync(name, cancellationToken);
}
