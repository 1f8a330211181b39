using Crucible.Core.Artifacts;
using Crucible.Core.Datasets;
using Crucible.Core.Tracking;
using Crucible.DataQuality.Registration;

namespace Crucible.Pipelines.Steps;

/// <summary>A step's <c>dataset</c>: a registered <c>NAME@VERSION</c> is checked against its SHA-256 and copied into the step's folder; anything else is a local file.</summary>
public sealed class StoredDatasetFiles(IDatasetStore datasets, IArtifactStore artifacts) : IDatasetFiles
{
    private readonly LocalDatasetFiles _local = new();

    public async Task<string> LocalPathAsync(string reference, string workDirectory, CancellationToken cancellationToken)
    {
        if (!LocalDatasetFiles.IsRegistered(reference, out var name, out var version))
        {
            return await _local.LocalPathAsync(reference, workDirectory, cancellationToken).ConfigureAwait(false);
        }

        var found = await datasets.GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        var local = Path.Combine(workDirectory, $"{name}-{version}.{found.Format}");
        if (File.Exists(local))
        {
            return local;
        }

        // Copied and hashed in one pass; a file that no longer matches its digest is not left behind.
        try
        {
            await using var target = File.Create(local);
            await DatasetFiles.CopyVerifiedAsync(artifacts, found, target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(local);
            throw;
        }

        return local;
    }

    public async Task<Dataset> DescribeAsync(string reference, string localPath, CancellationToken cancellationToken)
    {
        if (!LocalDatasetFiles.IsRegistered(reference, out var name, out var version))
        {
            return await _local.DescribeAsync(reference, localPath, cancellationToken).ConfigureAwait(false);
        }

        // The digest matches what the dataset's page and lineage queries use; the file was verified against it on copy.
        var found = await datasets.GetVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
        return new Dataset(name, DatasetLimits.MlflowDigest(found.Digest), LocalDatasetFiles.RegisteredSourceType, LocalDatasetFiles.RegisteredSource(name, version), null, null);
    }
}
