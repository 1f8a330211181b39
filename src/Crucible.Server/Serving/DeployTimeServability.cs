using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Serving.Hosting;
using Crucible.Serving.Inference;

namespace Crucible.Server.Serving;

/// <summary>
/// The deploy-time refusal of models no request could ever reach (<see cref="Crucible.Serving.Validation.ServableModel"/>):
/// before a deployment is stored, each version it routes to (and its shadow) is loaded and checked, so a model whose
/// outputs are all non-tensors, or whose inputs OIP cannot express, is a 400 that names the reason instead of a
/// <c>ready</c> deployment whose every call fails. A version that cannot be resolved or loaded for another reason
/// (unknown alias, missing file) is left to the deployment table, which reports it as the route's state. The models
/// loaded here stay leased until <see cref="IDisposable.Dispose"/>, so the table's load right after reuses them.
/// </summary>
internal sealed class DeployTimeServability : IDisposable
{
    private readonly List<ModelLease> _leases = [];

    private DeployTimeServability()
    {
    }

    public static async Task<DeployTimeServability> CheckAsync(DeploymentSpec spec, IModelSource source, ModelHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var check = new DeployTimeServability();
        try
        {
            var targets = spec.Routes.Select(r => r.Target).ToList();
            if (spec.Shadow is not null)
            {
                targets.Add(spec.Shadow);
            }

            foreach (var target in targets.Distinct())
            {
                await check.CheckAsync(target, source, host, labelsOnly: spec.Exposure?.Output.Mode == OutputMode.Label && target != spec.Shadow, cancellationToken);
            }

            return check;
        }
        catch
        {
            check.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lease in _leases)
        {
            lease.Dispose();
        }

        _leases.Clear();
    }

    private async Task CheckAsync(ModelReference target, IModelSource source, ModelHost host, bool labelsOnly, CancellationToken cancellationToken)
    {
        ModelLease lease;
        try
        {
            var version = target.Version ?? await source.ResolveAliasAsync(target.Model, target.Alias!, cancellationToken);
            lease = await host.AcquireAsync(target.Model, version, cancellationToken);
        }
#pragma warning disable CA1031 // Other load failures are reported as the route's state by the deployment table, as before.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return;
        }

        _leases.Add(lease);
        if (lease.Model.NotServable is { } problem)
        {
            throw CrucibleException.Invalid($"Cannot deploy {target}: {problem}");
        }

        // Output mode label withholds every floating-point output: a model with nothing else would answer nothing.
        var signature = lease.Model.Signature;
        if (labelsOnly && !signature.Outputs.Any(o => signature.TensorOutputs.Contains(o.Name) && !OutputControl.IsScore(o.Type.ElementType)))
        {
            throw CrucibleException.Invalid($"Cannot deploy {target} with output mode label: all its outputs ({string.Join(", ", signature.TensorOutputs)}) are scores; use top_k or decimals instead.");
        }
    }
}
