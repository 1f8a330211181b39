using System.Text.RegularExpressions;

namespace Crucible.Pipelines.Steps;

/// <summary>Turns a step's <c>dataset</c> setting into a local file: a path as is, a registered <c>NAME@VERSION</c> fetched and verified.</summary>
public interface IDatasetFiles
{
    Task<string> LocalPathAsync(string reference, string workDirectory, CancellationToken cancellationToken);
}

/// <summary>Dataset settings that name local files only (no registry at hand).</summary>
public sealed partial class LocalDatasetFiles : IDatasetFiles
{
    /// <summary>True for <c>NAME@VERSION</c> (a registered dataset), false for a file path.</summary>
    public static bool IsRegistered(string reference, out string name, out long version)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var match = RegisteredPattern().Match(reference);
        name = match.Success ? match.Groups[1].Value : string.Empty;
        version = match.Success ? long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return match.Success;
    }

    public Task<string> LocalPathAsync(string reference, string workDirectory, CancellationToken cancellationToken)
    {
        if (IsRegistered(reference, out _, out _))
        {
            throw new PipelineStepException($"dataset '{reference}' names a registered dataset, which only a server can fetch");
        }

        return Task.FromResult(File.Exists(reference) ? Path.GetFullPath(reference) : throw new PipelineStepException($"dataset file '{reference}' does not exist"));
    }

    [GeneratedRegex(@"^([A-Za-z0-9][A-Za-z0-9_.-]*)@(\d{1,18})$")]
    private static partial Regex RegisteredPattern();
}
