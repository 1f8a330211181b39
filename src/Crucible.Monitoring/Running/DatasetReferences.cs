using System.Collections.Concurrent;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Readers;
using Crucible.Tabular;

namespace Crucible.Monitoring.Running;

/// <summary>
/// Reference profiles of monitors that compare with a registered dataset version (<c>reference_dataset</c>): the
/// version's file is fetched verified against its recorded SHA-256 (as a download is), profiled column by column, and
/// cached per reference; a version's file does not change. The window is compared on the columns both share.
/// </summary>
public sealed class DatasetReferences(IDatasetStore datasets, IDatasetVersionFiles files)
{
    private const int MaxCached = 32;

    private readonly ConcurrentDictionary<string, PredictionProfile> _profiles = new(StringComparer.Ordinal);

    /// <summary>The profile of <paramref name="reference"/> (<c>NAME@VERSION</c>); <c>NotFound</c> for an unknown version.</summary>
    public async Task<PredictionProfile> GetAsync(string reference, CancellationToken cancellationToken)
    {
        if (_profiles.TryGetValue(reference, out var cached))
        {
            return cached;
        }

        var parsed = DatasetLimits.Reference(reference);
        var version = await datasets.GetVersionAsync(parsed.Name, parsed.Version, cancellationToken).ConfigureAwait(false);
        Crucible.Stats.Profiles.DatasetProfile profile;
        try
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["dataset"] = reference, ["source"] = "dataset" };
            profile = await files.ReadAsync(version, path => TabularFile.Profile(path, tags: tags), cancellationToken).ConfigureAwait(false);
        }
        catch (TabularDataException e)
        {
            throw CrucibleException.Invalid($"The reference dataset {reference} cannot be read: {e.Message}");
        }

        var result = new PredictionProfile(profile, profile.RowCount, 0, []);
        if (_profiles.Count >= MaxCached)
        {
            _profiles.Clear();
        }

        _profiles[reference] = result;
        return result;
    }
}
