using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Windows;
using Crucible.Server.Hosting;

namespace Crucible.Server.Serving;

/// <summary>
/// Saves the captured predictions' window profiles as this replica's partials every interval, and once more at
/// shutdown (<see cref="ServingLifetime"/> calls <see cref="FlushAsync"/> after the capture has drained). A failed
/// save is logged; its rows stay pending for the next flush.
/// </summary>
internal sealed partial class CaptureProfileFlusher(
    CaptureWindowProfiles profiles, ProfileStore store, TimeProvider time, TimeSpan interval, ILogger<CaptureProfileFlusher> logger) : PeriodicBackgroundService(time, interval)
{
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await profiles.FlushAsync(store, cancellationToken);
        }
#pragma warning disable CA1031 // Profiles are kept for the next flush; serving goes on.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogFlushFailed(logger, e);
        }
    }

    protected override Task TickAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    protected override void OnTickFailed(Exception error) => LogFlushFailed(logger, error);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning, Message = "Saving window profiles of captured predictions failed; retried at the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception error);
}
