using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Core.Features;
using Crucible.Features.Definitions;

namespace Crucible.Features.Registry;

/// <summary>
/// Feature projects on the server: applying files validates them (every problem with its file, line and column, as
/// one <c>InvalidParameterValue</c>), and stores a new version when they differ from the latest (the digest is over
/// the files sorted by name). Parsed definitions are cached per version.
/// </summary>
public sealed class FeatureProjects(IFeatureRegistryStore store)
{
    /// <summary>The most files and bytes one apply takes.</summary>
    public const int MaxFiles = 200;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, long), FeatureRepo> _parsed = new();

    public IFeatureRegistryStore Store => store;

    public static FeatureRepo Parse(IReadOnlyDictionary<string, string> files)
    {
        try
        {
            return FeatureRepoParser.Parse(files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value)));
        }
        catch (FeatureSpecException e)
        {
            throw CrucibleException.Invalid(e.Message);
        }
    }

    public async Task<(FeatureProjectVersion Version, FeatureRepo Repo, bool Created)> ApplyAsync(string name, IReadOnlyDictionary<string, string> files, string workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!Pipelines.Specs.PipelineSpecParser.IsName(name, FeatureRepoParser.MaxNameLength))
        {
            throw CrucibleException.Invalid($"Invalid feature project name '{name}': use at most {FeatureRepoParser.MaxNameLength} letters, digits, '-', '_' and '.', starting with a letter or digit.");
        }

        if (files.Count is 0 or > MaxFiles || files.Keys.Any(k => k.Length == 0 || k.Contains('/', StringComparison.Ordinal) || k.Contains('\\', StringComparison.Ordinal)))
        {
            throw CrucibleException.Invalid($"A feature project has 1 to {MaxFiles} definition files, named without folders.");
        }

        var repo = Parse(files);
        var sorted = new SortedDictionary<string, string>(files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(sorted, FeatureFilesJson.Default.SortedDictionaryStringString);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        var (version, created) = await store.ApplyAsync(name, json, digest, workspace, cancellationToken).ConfigureAwait(false);
        _parsed[(name, version.Version)] = repo;
        return (version, repo, created);
    }

    /// <summary>A version's files and parsed definitions (null version: the latest).</summary>
    public async Task<(FeatureProjectVersion Version, FeatureRepo Repo)> GetAsync(string name, long? version, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(name, version, cancellationToken).ConfigureAwait(false);
        return (stored, _parsed.GetOrAdd((stored.Project, stored.Version), _ => Parse(Files(stored))));
    }

    public static IReadOnlyDictionary<string, string> Files(FeatureProjectVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return JsonSerializer.Deserialize(version.FilesJson, FeatureFilesJson.Default.SortedDictionaryStringString) ?? [];
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class FeatureFilesJson : System.Text.Json.Serialization.JsonSerializerContext;
