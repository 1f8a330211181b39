using Crucible.Core.Errors;
using Crucible.Core.Serving;

namespace Crucible.Pipelines.Steps;

/// <summary>The <c>models:/</c> URIs by which steps name registered model versions.</summary>
public static class ModelUris
{
    /// <summary>Parses <c>models:/NAME/VERSION</c> or <c>models:/NAME@ALIAS</c>.</summary>
    public static ModelReference Parse(string uri)
    {
        if (!uri.StartsWith(LocalModelFiles.RegistryScheme, StringComparison.Ordinal))
        {
            throw new PipelineStepException($"'{uri}' is not a registered model: expected models:/NAME/VERSION or models:/NAME@ALIAS");
        }

        try
        {
            return ModelReference.Parse(uri[LocalModelFiles.RegistryScheme.Length..]);
        }
        catch (CrucibleException e)
        {
            throw new PipelineStepException($"'{uri}': {e.Message}");
        }
    }

    /// <summary>The URI <c>models:/NAME/VERSION</c> of a registered version.</summary>
    public static string Format(string model, string version) => $"{LocalModelFiles.RegistryScheme}{model}/{version}";
}
