using Crucible.Core.Artifacts;
using Crucible.Storage.Artifacts;

namespace Crucible.Server.Hosting;

/// <summary>
/// At start, in the background, removes the temp files of artifact writes a previous process never finished
/// (killed mid-upload) from a local artifact store. Only files untouched for <see cref="StaleAfter"/> go: a write
/// in progress (this process's or another's on the same folder) keeps its file fresh, and Kestrel's minimum data
/// rate ends a stalled upload long before.
/// </summary>
internal sealed partial class StaleUploadCleanup(IArtifactStore artifacts, TimeProvider time, ILogger<StaleUploadCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (artifacts is not LocalArtifactStore local)
        {
            return Task.CompletedTask;
        }

        return Task.Run(
            () =>
            {
                try
                {
                    var removed = local.RemoveStaleUploads(time.GetUtcNow() - StaleAfter);
                    if (removed > 0)
                    {
                        LogRemoved(logger, removed, local.RootPath);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogFailed(logger, e);
                }
            },
            stoppingToken);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Removed {Count} unfinished upload files from {Root}")]
    private static partial void LogRemoved(ILogger logger, int count, string root);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Removing unfinished upload files failed; they stay hidden from listings")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
