namespace Crucible.Server.Hosting;

/// <summary>
/// The host's periodic work (capture profile flushes, prediction-log compaction, the monitor loop, the pipeline
/// scheduler): one <see cref="PeriodicTimer"/> on the injected <see cref="TimeProvider"/>, a tick that fails is
/// reported and the next one runs, and shutdown ends the loop quietly. An interval of zero or less disables it.
/// </summary>
internal abstract class PeriodicBackgroundService(TimeProvider time, TimeSpan interval, bool tickAtStart = false) : BackgroundService
{
    /// <summary>The clock the ticks run on (the server's <see cref="TimeProvider"/>).</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>One round of the work.</summary>
    protected abstract Task TickAsync(CancellationToken cancellationToken);

    /// <summary>Reports a tick that threw; the loop goes on.</summary>
    protected abstract void OnTickFailed(Exception error);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, Time);
        try
        {
            if (tickAtStart)
            {
                await RunTickAsync(stoppingToken).ConfigureAwait(false);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunTickAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task RunTickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TickAsync(stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed round is reported; the next tick runs (the work must not stop the host).
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            OnTickFailed(e);
        }
    }
}
