using Crucible.Core.Artifacts;
using Crucible.Core.Datasets;
using Crucible.DataQuality.Registration;
using Crucible.Monitoring.Running;

namespace Crucible.Server.Monitoring;

/// <summary>Registered dataset files for monitoring, fetched through <see cref="DatasetFiles.FetchAsync"/> (verified, as a download is).</summary>
internal sealed class VerifiedDatasetFiles(IArtifactStore artifacts) : IDatasetVersionFiles
{
    public async Task<T> ReadAsync<T>(DatasetVersion version, Func<string, T> read, CancellationToken cancellationToken)
    {
        using var file = await DatasetFiles.FetchAsync(artifacts, version, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => read(file.Path), cancellationToken).ConfigureAwait(false);
    }
}
