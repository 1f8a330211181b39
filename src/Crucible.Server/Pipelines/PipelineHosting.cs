using Crucible.Pipelines.Running;

namespace Crucible.Server.Pipelines;

/// <summary>Ties <see cref="PipelineService"/> to the host's lifetime: unfinished runs failed at start, running runs cancelled and awaited at stop.</summary>
internal sealed class PipelineHosting(PipelineService service) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => service.RecoverAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => service.StopAsync(cancellationToken);
}
