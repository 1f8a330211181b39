namespace Crucible.Serving.Hosting;

/// <summary>
/// A registered version's ONNX model, verified: in memory, or as a local file when it has external weights; with the
/// feature names it declares (<c>crucible.feature_names</c>), if any.
/// </summary>
public sealed record ModelFile(ReadOnlyMemory<byte> Bytes, string? LocalPath = null, IReadOnlyList<string>? FeatureNames = null);

/// <summary>
/// Where the serving host gets models from: the registry (aliases) and the artifact store (files checked against
/// the SHA-256 recorded at registration). Implemented by the server over its stores.
/// </summary>
public interface IModelSource
{
    /// <summary>The version an alias points to now; <c>InvalidParameterValue</c> when the model or alias is unknown.</summary>
    Task<string> ResolveAliasAsync(string model, string alias, CancellationToken cancellationToken);

    /// <summary>The verified ONNX model of a version; <c>DataLoss</c> when a file changed after registration.</summary>
    Task<ModelFile> OpenAsync(string model, string version, CancellationToken cancellationToken);
}
