namespace Crucible.Pipelines.Steps;

/// <summary>
/// The ONNX bytes a step's <c>model</c> or <c>champion</c> setting names: a local file, or a registered version as
/// <c>models:/NAME/VERSION</c> or <c>models:/NAME@ALIAS</c> (MLflow's model URIs).
/// </summary>
public interface IModelFiles
{
    /// <summary>The model's bytes and the version it resolved to (for an alias); null when the model, version or alias does not exist.</summary>
    Task<(byte[] Onnx, string Resolved)?> TryReadAsync(string reference, CancellationToken cancellationToken);
}

/// <summary>Model settings that name local files only (no registry at hand).</summary>
public sealed class LocalModelFiles : IModelFiles
{
    public const string RegistryScheme = "models:/";

    public async Task<(byte[] Onnx, string Resolved)?> TryReadAsync(string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.StartsWith(RegistryScheme, StringComparison.Ordinal))
        {
            throw new PipelineStepException($"model '{reference}' names a registered model, which only a server can read");
        }

        return File.Exists(reference) ? (await File.ReadAllBytesAsync(reference, cancellationToken).ConfigureAwait(false), Path.GetFullPath(reference)) : null;
    }
}
