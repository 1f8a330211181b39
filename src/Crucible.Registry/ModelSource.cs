using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.LoggedModels;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;

namespace Crucible.Registry;

/// <summary>Maps a model version's source URI to a folder of this server's artifact store, when it is one.</summary>
public static class ModelSource
{
    public const string ProxyScheme = ArtifactUri.ProxyScheme;
    public const string RunsScheme = "runs:/";
    public const string LoggedModelScheme = "models:/";

    /// <summary>
    /// For <c>models:/&lt;model_id&gt;</c> (an MLflow 3 logged model, id <c>m-...</c>), the request with its source
    /// replaced by the model's artifact folder URI (so the package is read and checked like any other), its model_id
    /// set, and its run_id defaulted to the model's source run. Other sources, registry URIs
    /// (<c>models:/&lt;name&gt;/&lt;version&gt;</c>) included, come back unchanged.
    /// </summary>
    public static async Task<CreateModelVersionRequest> ResolveLoggedModelAsync(CreateModelVersionRequest request, ILoggedModelStore loggedModels, CancellationToken cancellationToken)
    {
        var rest = request.Source.StartsWith(LoggedModelScheme, StringComparison.Ordinal) ? request.Source[LoggedModelScheme.Length..].Trim('/') : null;
        if (rest is null || !rest.StartsWith("m-", StringComparison.Ordinal) || rest.Contains('/', StringComparison.Ordinal))
        {
            return request;
        }

        LoggedModel model;
        try
        {
            model = await loggedModels.GetAsync(rest, cancellationToken);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            throw CrucibleException.Invalid($"Invalid model source '{request.Source}': logged model '{rest}' does not exist.");
        }

        return request with { Source = model.ArtifactLocation, ModelId = request.ModelId ?? model.ModelId, RunId = request.RunId ?? model.SourceRunId };
    }

    /// <summary>
    /// The store folder behind <c>runs:/&lt;run_id&gt;/&lt;path&gt;</c> or <c>mlflow-artifacts:/&lt;path&gt;</c>, or null for
    /// sources this server does not hold (<c>s3://</c>, <c>models:/</c>...). A <c>runs:/</c> source whose run is unknown
    /// or keeps its artifacts elsewhere is <c>InvalidParameterValue</c>: callers here write or read the package.
    /// </summary>
    public static async Task<string?> ResolveAsync(string source, IRunStore runs, CancellationToken cancellationToken)
    {
        var location = await LocateAsync(source, runs, cancellationToken);
        if (location.Folder is null && source.StartsWith(RunsScheme, StringComparison.Ordinal))
        {
            throw CrucibleException.Invalid($"Invalid model source '{source}': {location.Reason}.");
        }

        return location.Folder;
    }

    /// <summary>
    /// Where a source's files are in this server's artifact store, or why they are not there. Only a path that
    /// escapes its root (<c>..</c>) is refused, as MLflow refuses it; any other URI is a location, held here or not.
    /// </summary>
    public static async Task<SourceLocation> LocateAsync(string source, IRunStore runs, CancellationToken cancellationToken)
    {
        if (!source.StartsWith(RunsScheme, StringComparison.Ordinal))
        {
            var folder = FromProxyUri(source);
            return folder is null ? new SourceLocation(null, "source outside the artifact store") : new SourceLocation(folder, null);
        }

        var rest = source[RunsScheme.Length..].TrimStart('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var runId = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? string.Empty : ArtifactPath.Normalize(rest[(slash + 1)..]);
        if (runId.Length == 0)
        {
            return new SourceLocation(null, "source names no run (expected runs:/<run_id>/<path>)");
        }

        Run run;
        try
        {
            run = await runs.GetRunAsync(runId, cancellationToken);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            return new SourceLocation(null, $"run '{runId}' does not exist");
        }

        var root = FromProxyUri(run.Info.ArtifactUri);
        return root is null
            ? new SourceLocation(null, $"source outside the artifact store (the run's artifacts are at '{run.Info.ArtifactUri}')")
            : new SourceLocation(ArtifactPath.Combine(root, path), null);
    }

    /// <summary>The store path of a <c>mlflow-artifacts:/x</c> URI, or null for any other scheme.</summary>
    public static string? FromProxyUri(string uri) => ArtifactUri.StorePath(uri);
}

/// <summary>A source's folder in this server's artifact store, or (when <see cref="Folder"/> is null) why it has none.</summary>
public sealed record SourceLocation(string? Folder, string? Reason);
