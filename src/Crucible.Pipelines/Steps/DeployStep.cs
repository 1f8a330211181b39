using System.Globalization;
using Crucible.Core.Serving;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// <c>deploy</c>: adds the version to an existing deployment as a canary taking <c>weight</c> percent of the
/// traffic; the other routes keep their proportions among the rest. The update is conditional on the revision read,
/// and undone (the previous routes put back) when a later step fails. Outputs: <c>deployment</c>, <c>revision</c>,
/// <c>previous_revision</c>, <c>weight</c>.
/// </summary>
public sealed class DeployStep(IDeploymentStore deployments) : IPipelineStep
{
    public const int DefaultWeight = 10;

    public string Type => StepTypes.Deploy;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var name = settings.RequiredText("deployment");
        var target = ModelUris.Parse(settings.RequiredText("model"));
        var percent = settings.Number("weight") ?? DefaultWeight;
        if (percent is < 1 or > 100 || percent != Math.Floor(percent))
        {
            throw new PipelineStepException($"weight {percent.ToString(CultureInfo.InvariantCulture)} must be a whole percentage from 1 to 100");
        }

        var before = await deployments.GetDeploymentAsync(name, cancellationToken).ConfigureAwait(false);
        var routes = Canary(before.Routes, target, (int)percent);
        var after = await deployments.UpdateDeploymentAsync(before.ToSpec() with { Routes = routes }, before.Revision, cancellationToken).ConfigureAwait(false);
        context.OnRollback(
            $"deployment '{name}' routes put back as of revision {before.Revision}",
            ct => deployments.UpdateDeploymentAsync(before.ToSpec(), null, ct));
        context.Log.Line($"deployment '{name}' revision {before.Revision} -> {after.Revision}: {string.Join(", ", routes.Select(r => $"{r.Target} weight {r.Weight}"))}");
        return new Dictionary<string, string>
        {
            ["deployment"] = name,
            ["revision"] = after.Revision.ToString(CultureInfo.InvariantCulture),
            ["previous_revision"] = before.Revision.ToString(CultureInfo.InvariantCulture),
            ["weight"] = ((int)percent).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// The routes with the canary at exactly <paramref name="percent"/> of the total: each other route's weight times
    /// (100 - percent), the canary's percent times their sum, reduced by the common divisor.
    /// </summary>
    public static IReadOnlyList<DeploymentRoute> Canary(IReadOnlyList<DeploymentRoute> routes, ModelReference canary, int percent)
    {
        var others = routes.Where(r => r.Target != canary).ToList();
        if (percent == 100 || others.Count == 0)
        {
            return [new DeploymentRoute(canary, 100)];
        }

        long sum = others.Sum(r => (long)r.Weight);
        var weights = others.Select(r => (long)r.Weight * (100 - percent)).Append(sum * percent).ToList();
        var divisor = weights.Aggregate(Gcd);
        weights = [.. weights.Select(w => w / divisor)];
        if (weights.Max() > DeploymentLimits.MaxWeight)
        {
            throw new PipelineStepException($"the deployment's weights are too large to add a {percent}% canary exactly; lower them first");
        }

        return [.. others.Select((r, i) => r with { Weight = (int)weights[i] }), new DeploymentRoute(canary, (int)weights[^1])];
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
