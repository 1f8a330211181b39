using Crucible.Serving.Capture;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Serving;

/// <summary>Loads the deployments when the host starts; on stop, stops routing, then drains captured predictions and saves their window profiles.</summary>
internal sealed class ServingLifetime(
    DeploymentTable table, PredictionCapture capture, ModelHost host, ServingReadiness readiness, CaptureProfileFlusher profiles) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.StartAsync(cancellationToken);
        readiness.MarkReady();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await table.DisposeAsync();
        await capture.DisposeAsync();
        await profiles.FlushAsync(cancellationToken);
        host.Dispose();
    }
}
