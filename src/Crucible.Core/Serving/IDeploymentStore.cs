namespace Crucible.Core.Serving;

/// <summary>
/// Deployments: named serving endpoints. Unknown names are <c>ResourceDoesNotExist</c>, duplicates
/// <c>ResourceAlreadyExists</c>, a stale <c>expectedRevision</c> <c>ResourceConflict</c>. Specs are validated
/// (<see cref="DeploymentLimits"/>) before anything is written. Model references are stored as given: an alias
/// stays an alias, resolved by whoever serves it.
/// </summary>
public interface IDeploymentStore
{
    Task<Deployment> CreateDeploymentAsync(DeploymentSpec spec, CancellationToken cancellationToken);

    Task<Deployment> GetDeploymentAsync(string name, CancellationToken cancellationToken);

    /// <summary>All deployments, by name.</summary>
    Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a deployment's routes, shadow, batching, description and capture; bumps its revision.</summary>
    Task<Deployment> UpdateDeploymentAsync(DeploymentSpec spec, long? expectedRevision, CancellationToken cancellationToken);

    Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken);
}
