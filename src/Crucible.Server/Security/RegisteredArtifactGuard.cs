using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Registry;

namespace Crucible.Server.Security;

/// <summary>
/// The files behind a registered model version are immutable through the artifact proxy: a PUT on a path under a
/// version's source folder, or a DELETE on such a path or on a folder holding one, is refused with
/// <c>PERMISSION_DENIED</c> (403). The refusal is not about who asks (no role may do it) but about the artifact:
/// what was registered, verified and perhaps served must stay the bytes it was. Other artifacts stay writable.
/// The versions that may cover a path are found with two indexed searches (versions of a run named on the path, and
/// sources naming its first two folders), then each source is resolved and compared folder by folder.
/// </summary>
internal sealed class RegisteredArtifactGuard(IModelRegistryStore registry, IRunStore runs)
{
    private const int PageSize = 1000;

    /// <summary>Throws when <paramref name="path"/> (normalized, relative to the store) may not be written (<paramref name="delete"/>: deleted).</summary>
    public async Task CheckWritableAsync(string path, bool delete, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var version in await CandidatesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            var folder = (await ModelSource.LocateAsync(version.Source, runs, cancellationToken).ConfigureAwait(false)).Folder;
            if (folder is null || !(Under(path, folder) || (delete && Under(folder, path))))
            {
                continue;
            }

            throw new CrucibleException(
                ErrorCode.PermissionDenied,
                $"Artifact '{path}' {(Under(path, folder) ? "is part of" : "holds")} the files of registered model '{version.Name}' version {version.Version} "
                + $"(source '{version.Source}'), which are immutable: it cannot be {(delete ? "deleted" : "overwritten")}. Log new files under another path and register a new version.");
        }
    }

    private async Task<IReadOnlyList<ModelVersion>> CandidatesAsync(string path, CancellationToken cancellationToken)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || segments.Any(s => s.Contains('\'', StringComparison.Ordinal) || s.Contains('\\', StringComparison.Ordinal)))
        {
            // A whole experiment's folder (or an odd name): rare enough to compare against every version.
            return await SearchAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var found = new List<ModelVersion>();
        found.AddRange(await SearchAsync($"run_id IN ({string.Join(", ", segments.Distinct(StringComparer.Ordinal).Select(s => $"'{s}'"))})", cancellationToken).ConfigureAwait(false));
        found.AddRange(await SearchAsync($"source_path LIKE '%{segments[0]}/{segments[1]}%'", cancellationToken).ConfigureAwait(false));
        return found;
    }

    private async Task<List<ModelVersion>> SearchAsync(string? filter, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        string? token = null;
        do
        {
            var page = await registry.SearchModelVersionsAsync(new RegistrySearchQuery(filter, PageSize, [], token), cancellationToken).ConfigureAwait(false);
            versions.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return versions;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it.</summary>
    private static bool Under(string path, string folder) =>
        folder.Length == 0 || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
}
