using Crucible.Core.Security;
using Crucible.Pipelines.Specs;
using Crucible.Pipelines.Steps;

namespace Crucible.Pipelines.Running;

/// <summary>
/// Keeps a pipeline inside its own workspace: before <paramref name="inner"/> runs, every existing resource the step's
/// settings name (a deployment, a registered model by name or <c>models:/</c> URI, a registered dataset, an experiment by
/// name, a run) must belong to the pipeline's workspace. Without it, an editor of one workspace could write a pipeline
/// that moves another workspace's deployment or registers into its model, a write the API itself refuses. A resource
/// that does not exist yet passes: the step creates it in the pipeline's workspace, or fails with its own message.
/// </summary>
public sealed class WorkspaceBoundStep(IPipelineStep inner, IWorkspaceStore workspaces) : IPipelineStep
{
    public string Type => inner.Type;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        foreach (var (kind, id) in Named(context))
        {
            var location = await workspaces.LocateAsync(kind, id, cancellationToken).ConfigureAwait(false);
            if (location is not null && !string.Equals(location.Workspace, context.Pipeline.Workspace, StringComparison.Ordinal))
            {
                throw new PipelineStepException(
                    $"{Describe(kind)} '{id}' belongs to workspace '{location.Workspace}'; pipeline '{context.Pipeline.Name}' runs in workspace '{context.Pipeline.Workspace}' and may only use that workspace's resources");
            }
        }

        return await inner.RunAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The resources the step's settings name, by the settings every step type uses for them.</summary>
    public static IEnumerable<(ResourceKind Kind, string Id)> Named(StepContext context)
    {
        var settings = context.Settings;
        if (settings.Text("deployment") is { Length: > 0 } deployment)
        {
            yield return (ResourceKind.Deployment, deployment);
        }

        foreach (var key in (string[])["model", "champion"])
        {
            if (settings.Text(key) is { } uri && uri.StartsWith(LocalModelFiles.RegistryScheme, StringComparison.Ordinal))
            {
                yield return (ResourceKind.RegisteredModel, ModelUris.Parse(uri).Model);
            }
        }

        if (context.Step.Type == StepTypes.Register && settings.Text("name") is { Length: > 0 } name)
        {
            yield return (ResourceKind.RegisteredModel, name);
        }

        foreach (var key in (string[])["dataset", "reference"])
        {
            if (settings.Text(key) is { } reference && LocalDatasetFiles.IsRegistered(reference, out var dataset, out _))
            {
                yield return (ResourceKind.Dataset, dataset);
            }
        }

        if (settings.Text("experiment") is { Length: > 0 } experiment)
        {
            yield return (ResourceKind.ExperimentName, experiment);
        }

        if (settings.Text("run_id") is { Length: > 0 } run)
        {
            yield return (ResourceKind.Run, run);
        }
    }

    private static string Describe(ResourceKind kind) => kind switch
    {
        ResourceKind.RegisteredModel => "registered model",
        ResourceKind.ExperimentName => "experiment",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
