using Crucible.Core.Artifacts;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;

namespace Crucible.Registry;

/// <summary>
/// Creates model versions: any source registers, as in MLflow; a source held by this server (<c>runs:/</c>,
/// <c>mlflow-artifacts:/</c>) is inspected first, and the version records whether it can be served.
/// </summary>
public static class ModelRegistration
{
    /// <summary>
    /// Registers any source, as MLflow does, and records whether it can be served: a source this server holds is
    /// inspected first (an ONNX package gets its checksums and description; a damaged one is refused), and the version,
    /// its package record and its servability tags are created in one transaction.
    /// </summary>
    public static async Task<ModelVersion> RegisterAsync(
        CreateModelVersionRequest request, IModelRegistryStore store, IRunStore runs, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        foreach (var tag in request.Tags)
        {
            Servability.RefuseReserved(tag.Key);
        }

        // Fail on an unknown model before reading any artifact, with the same error a plain create gives.
        await store.GetRegisteredModelAsync(request.Name, cancellationToken);
        var location = await ModelSource.LocateAsync(request.Source, runs, cancellationToken);
        var inspection = location.Folder is null
            ? PackageInspection.Unservable(location.Reason!)
            : await new ModelPackageInspector(artifacts).InspectAsync(request.Source, location.Folder, cancellationToken);
        return await store.CreateModelVersionAsync(
            request with { Package = inspection.Package, Tags = [.. request.Tags, .. Servability.Tags(inspection.UnservableReason)] },
            cancellationToken);
    }
}
