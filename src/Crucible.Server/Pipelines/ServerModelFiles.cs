using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Pipelines;
using Crucible.Pipelines.Steps;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Pipelines;

/// <summary>A step's <c>model</c>: <c>models:/NAME/VERSION</c> or <c>models:/NAME@ALIAS</c> read verified from the registry, anything else a local file.</summary>
internal sealed class ServerModelFiles(IModelRegistryStore registry, IModelSource models) : IModelFiles
{
    private readonly LocalModelFiles _local = new();

    public async Task<(byte[] Onnx, string Resolved)?> TryReadAsync(string reference, CancellationToken cancellationToken)
    {
        if (!reference.StartsWith(LocalModelFiles.RegistryScheme, StringComparison.Ordinal))
        {
            return await _local.TryReadAsync(reference, cancellationToken).ConfigureAwait(false);
        }

        var target = ModelUris.Parse(reference);
        string version;
        try
        {
            version = target.Alias is { } alias
                ? (await registry.GetVersionByAliasAsync(target.Model, alias, cancellationToken).ConfigureAwait(false)).Version
                : (await registry.GetModelVersionAsync(target.Model, target.Version!, cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (CrucibleException e) when (e.Code is ErrorCode.ResourceDoesNotExist or ErrorCode.InvalidParameterValue)
        {
            return null;
        }

        var file = await models.OpenAsync(target.Model, version, cancellationToken).ConfigureAwait(false);
        if (file.LocalPath is { } path)
        {
            throw new PipelineStepException($"{ModelUris.Format(target.Model, version)} keeps its weights in external files ({Path.GetFileName(path)}), which pipeline evaluation does not read");
        }

        return (file.Bytes.ToArray(), ModelUris.Format(target.Model, version));
    }
}
