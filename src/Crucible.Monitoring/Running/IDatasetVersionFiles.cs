using Crucible.Core.Datasets;

namespace Crucible.Monitoring.Running;

/// <summary>Reads a registered dataset version's file, verified against its recorded SHA-256 as a download is.</summary>
public interface IDatasetVersionFiles
{
    /// <summary>Runs <paramref name="read"/> on a verified local copy of the version's file, deleted afterwards.</summary>
    Task<T> ReadAsync<T>(DatasetVersion version, Func<string, T> read, CancellationToken cancellationToken);
}
