using Crucible.Core.Errors;
using Crucible.Core.Net;
using Crucible.Core.Pipelines;
using Crucible.Core.Security;
using Crucible.Pipelines.Specs;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// What a pipeline may hold before it is saved. A command step runs a program of its author's choosing as the
/// server's user: refused (403 PERMISSION_DENIED) unless the server allows command steps, and then only an admin may
/// create a pipeline with one or change a pipeline that has one. A notify step's literal URL follows the webhook
/// target rules (<see cref="OutboundTargets"/>); a URL built from <c>${...}</c> is checked when it is sent.
/// </summary>
internal sealed class PipelineGuard(ExposureOptions options, OutboundTargets targets)
{
    /// <summary>As <see cref="CheckSave"/>, with the pipeline of the same name read from <paramref name="store"/>.</summary>
    public async Task CheckSaveAsync(PipelineSpec spec, IPipelineStore store, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        PipelineSpec? existing = null;
        try
        {
            existing = PipelineSpecParser.Parse((await store.GetPipelineAsync(spec.Name, cancellationToken).ConfigureAwait(false)).Yaml);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            // A new pipeline.
        }
        catch (PipelineSpecException)
        {
            // A stored file this version no longer reads: judged by the new file alone.
        }

        CheckSave(spec, existing, caller);
    }

    /// <summary>Throws when <paramref name="caller"/> may not save <paramref name="spec"/> over <paramref name="existing"/> (null: a new pipeline).</summary>
    public void CheckSave(PipelineSpec spec, PipelineSpec? existing, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(caller);
        var commands = CommandSteps.In(spec);
        if (commands.Count > 0 && !options.CommandSteps.Allowed)
        {
            throw new CrucibleException(
                ErrorCode.PermissionDenied,
                $"Pipeline '{spec.Name}' has command step(s) {Names(commands)}: command steps are not allowed on this server. "
                + "Use a built-in trainer, or start the server with --allow-command-steps (then only admins may create such pipelines).");
        }

        var existingCommands = existing is null ? [] : CommandSteps.In(existing);
        if ((commands.Count > 0 || existingCommands.Count > 0) && !caller.IsServerAdmin)
        {
            throw new CrucibleException(
                ErrorCode.PermissionDenied,
                commands.Count > 0
                    ? $"Only an admin may create or change a pipeline with command steps; '{spec.Name}' has {Names(commands)}, and '{caller.Name}' is not an admin."
                    : $"Only an admin may change pipeline '{spec.Name}': it has command steps {Names(existingCommands)}, and '{caller.Name}' is not an admin.");
        }

        foreach (var step in spec.Steps.Where(s => s.Type == StepTypes.Notify))
        {
            if (step.Settings.Map.Entries.GetValueOrDefault("url") is SpecText { Text: var url } && !url.Contains("${", StringComparison.Ordinal))
            {
                targets.CheckUrl(url, $"step '{step.Id}' url");
            }
        }
    }

    private static string Names(IReadOnlyList<string> steps) => string.Join(", ", steps.Select(s => $"'{s}'"));
}
