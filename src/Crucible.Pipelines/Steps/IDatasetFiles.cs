using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Crucible.Core.Datasets;
using Crucible.Core.Tracking;

namespace Crucible.Pipelines.Steps;

/// <summary>Turns a step's <c>dataset</c> setting into a local file: a path as is, a registered <c>NAME@VERSION</c> fetched and verified.</summary>
public interface IDatasetFiles
{
    Task<string> LocalPathAsync(string reference, string workDirectory, CancellationToken cancellationToken);

    /// <summary>
    /// The dataset as a run logs it for lineage: a registered <c>NAME@VERSION</c> by its name, digest
    /// (<see cref="DatasetLimits.MlflowDigest"/>) and <c>datasets:/NAME/VERSION</c>; a file by its name, the digest of
    /// <paramref name="localPath"/> and its path.
    /// </summary>
    Task<Dataset> DescribeAsync(string reference, string localPath, CancellationToken cancellationToken);
}

/// <summary>Dataset settings that name local files only (no registry at hand).</summary>
public sealed partial class LocalDatasetFiles : IDatasetFiles
{
    /// <summary>The source type of a registered dataset in a run's inputs; its source is <see cref="RegisteredSource"/>.</summary>
    public const string RegisteredSourceType = "crucible";

    /// <summary>True for <c>NAME@VERSION</c> (a registered dataset), false for a file path.</summary>
    public static bool IsRegistered(string reference, out string name, out long version)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var match = RegisteredPattern().Match(reference);
        name = match.Success ? match.Groups[1].Value : string.Empty;
        version = match.Success ? long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return match.Success;
    }

    /// <summary>The source a run's input names for a registered dataset version: <c>datasets:/NAME/VERSION</c>.</summary>
    public static string RegisteredSource(string name, long version) =>
        $"datasets:/{name}/{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public Task<string> LocalPathAsync(string reference, string workDirectory, CancellationToken cancellationToken)
    {
        if (IsRegistered(reference, out _, out _))
        {
            throw new PipelineStepException($"dataset '{reference}' names a registered dataset, which only a server can fetch");
        }

        return Task.FromResult(File.Exists(reference) ? Path.GetFullPath(reference) : throw new PipelineStepException($"dataset file '{reference}' does not exist"));
    }

    public async Task<Dataset> DescribeAsync(string reference, string localPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(localPath);
        await using var file = File.OpenRead(localPath);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        var name = Path.GetFileNameWithoutExtension(localPath);
        return new Dataset(name.Length == 0 ? "dataset" : name, DatasetLimits.MlflowDigest(sha256), "local", Path.GetFullPath(localPath), null, null);
    }

    [GeneratedRegex(@"^([A-Za-z0-9][A-Za-z0-9_.-]*)@(\d{1,18})$")]
    private static partial Regex RegisteredPattern();
}
