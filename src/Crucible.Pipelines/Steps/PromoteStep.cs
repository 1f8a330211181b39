using System.Globalization;
using Crucible.Core.Errors;
using Crucible.Core.Governance;
using Crucible.Core.Monitoring;
using Crucible.Core.Registry;
using Crucible.Core.Serving;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// <c>promote</c>: waits <c>window</c> on the server's clock, then checks that the canary held: no failed
/// prediction of the canary version in the deployment's log and no alert of the deployment raised since the step
/// started. If it held, the alias moves to the canary and the deployment routes all traffic to the alias; both are
/// undone (alias back or removed, routes put back) when a later step fails. Outputs: <c>alias</c>,
/// <c>previous_version</c>, <c>version</c>, <c>requests</c> (canary predictions seen in the window).
/// </summary>
public sealed class PromoteStep(
    IDeploymentStore deployments, IModelRegistryStore registry, IMonitorStore monitors, IPredictionLogStore predictions, TimeProvider time, IPromotionGate? approvals = null)
    : IPipelineStep
{
    /// <summary>Prediction records read per page while counting the canary's errors.</summary>
    private const int PageSize = 1_000;

    /// <summary>The most records read; past it the window counts as held on what was read (and the log says so).</summary>
    private const int MaxRecords = 200_000;

    public string Type => StepTypes.Promote;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var name = settings.RequiredText("deployment");
        var canary = ModelUris.Parse(settings.RequiredText("model"));
        if (canary.Version is not { } version)
        {
            throw new PipelineStepException($"model '{settings.RequiredText("model")}' must name a version (models:/NAME/VERSION), not an alias");
        }

        var alias = RegistryLimits.Alias(settings.RequiredText("alias"));
        var window = settings.Duration("window") ?? TimeSpan.Zero;
        await registry.GetModelVersionAsync(canary.Model, version, cancellationToken).ConfigureAwait(false);
        var start = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (window > TimeSpan.Zero)
        {
            context.Log.Line($"watching the canary {canary} on '{name}' for {window}");
            await Task.Delay(window, time, cancellationToken).ConfigureAwait(false);
        }

        var end = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (requests, errors) = await CountAsync(name, canary, start, end, context.Log, cancellationToken).ConfigureAwait(false);
        var alerts = (await monitors.ListAlertsAsync(new AlertQuery(name, MaxResults: 1_000), cancellationToken).ConfigureAwait(false))
            .Where(a => a.CreationTimeMs >= start).ToList();
        context.Log.Line($"window [{start}, {end}): {requests} canary predictions, {errors} failed, {alerts.Count} alert(s)");
        if (errors > 0 || alerts.Count > 0)
        {
            throw new PipelineStepException(
                $"the canary {canary} did not hold on '{name}': {errors} failed prediction(s) and {alerts.Count} alert(s) in the window");
        }

        string? previous = null;
        try
        {
            previous = (await registry.GetVersionByAliasAsync(canary.Model, alias, cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (CrucibleException e) when (e.Code is ErrorCode.ResourceDoesNotExist or ErrorCode.InvalidParameterValue)
        {
            // No alias yet: undoing removes it.
        }

        await AwaitApprovalAsync(context, new PromotionMove(canary.Model, version, PromotionKinds.Alias, alias), cancellationToken).ConfigureAwait(false);
        await registry.SetAliasAsync(canary.Model, alias, version, cancellationToken).ConfigureAwait(false);
        context.OnRollback(
            previous is null ? $"alias '{alias}' of '{canary.Model}' removed" : $"alias '{alias}' of '{canary.Model}' back to version {previous}",
            ct => previous is null ? registry.DeleteAliasAsync(canary.Model, alias, ct) : registry.SetAliasAsync(canary.Model, alias, previous, ct));
        context.Log.Line($"alias {canary.Model}@{alias}: {previous ?? "none"} -> {version}");

        var before = await deployments.GetDeploymentAsync(name, cancellationToken).ConfigureAwait(false);
        var after = await deployments.UpdateDeploymentAsync(
            before.ToSpec() with { Routes = [new DeploymentRoute(ModelReference.ToAlias(canary.Model, alias), 100)] }, before.Revision, cancellationToken).ConfigureAwait(false);
        context.OnRollback(
            $"deployment '{name}' routes put back as of revision {before.Revision}",
            ct => deployments.UpdateDeploymentAsync(before.ToSpec(), null, ct));
        context.Log.Line($"deployment '{name}' revision {before.Revision} -> {after.Revision}: {canary.Model}@{alias} weight 100");
        return new Dictionary<string, string>
        {
            ["alias"] = $"{canary.Model}@{alias}",
            ["version"] = version,
            ["previous_version"] = previous ?? string.Empty,
            ["requests"] = requests.ToString(CultureInfo.InvariantCulture),
            ["revision"] = after.Revision.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// A protected alias needs another principal's approval: the step asks for it (as <c>pipeline:NAME</c>), waits up to
    /// <c>approval_wait</c> for the decision, and fails with the request id and card digest when it is not approved.
    /// </summary>
    private async Task AwaitApprovalAsync(StepContext context, PromotionMove move, CancellationToken cancellationToken)
    {
        if (approvals is null || await approvals.RequireAsync(move, $"pipeline:{context.Pipeline.Name}", cancellationToken).ConfigureAwait(false) is not { } request)
        {
            return;
        }

        context.Log.Line($"{move} needs an approval: request {request.Id} on card digest {request.CardDigest}");
        var deadline = time.GetUtcNow() + (context.Settings.Duration("approval_wait") ?? TimeSpan.Zero);
        while (request.Status == ApprovalStatuses.Pending && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            request = await approvals.GetAsync(request.Id, cancellationToken).ConfigureAwait(false);
        }

        if (request.Status != ApprovalStatuses.Approved)
        {
            throw new PipelineStepException(
                $"{move} needs an approval by another maintainer: request '{request.Id}' (card digest {request.CardDigest}) is {request.Status}"
                + (request.Reason is { } reason ? $" ({reason})" : string.Empty));
        }

        context.Log.Line($"approved by {request.Decider}");
    }

    private async Task<(long Requests, long Errors)> CountAsync(string deployment, ModelReference canary, long start, long end, StepLog log, CancellationToken cancellationToken)
    {
        long requests = 0, errors = 0, read = 0;
        string? token = null;
        do
        {
            var page = await predictions.QueryPredictionsAsync(new PredictionQuery(deployment, start, end, PageSize, token, IncludeShadow: false), cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items.Where(r => r.Model == canary.Model && r.Version == canary.Version))
            {
                requests++;
                errors += record.Error is null ? 0 : 1;
            }

            read += page.Items.Count;
            token = page.NextPageToken;
        }
        while (token is not null && read < MaxRecords);
        if (token is not null)
        {
            log.Line($"read the first {read} predictions of the window");
        }

        return (requests, errors);
    }
}
