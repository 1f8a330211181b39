using Crucible.Core.Artifacts;
using Crucible.Storage.Artifacts;

namespace Crucible.Server.Hosting;

/// <summary>
/// At start, in the background, removes the temp files of artifact writes a previous process never finished
/// (killed mid-upload) from a local artifact store, and the package uploads it was checking in the system temp
/// folder (<c>crucible-package-*.onnx</c>, any artifact store). Only files untouched for <see cref="StaleAfter"/> go: a write
/// in progress (this process's or another's on the same folder) keeps its file fresh, and Kestrel's minimum data
/// rate ends a stalled upload long before.
/// </summary>
internal sealed partial class StaleUploadCleanup(IArtifactStore artifacts, TimeProvider time, ILogger<StaleUploadCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    /// <summary>The temp-file pattern of model package uploads being checked before registration.</summary>
    public const string PackageUploadPattern = "crucible-package-*.onnx";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(
            () =>
            {
                var cutoff = time.GetUtcNow() - StaleAfter;
                try
                {
                    if (artifacts is LocalArtifactStore local)
                    {
                        var removed = local.RemoveStaleUploads(cutoff);
                        if (removed > 0)
                        {
                            LogRemoved(logger, removed, local.RootPath);
                        }
                    }

                    var packages = RemoveStalePackageUploads(Path.GetTempPath(), cutoff);
                    if (packages > 0)
                    {
                        LogRemoved(logger, packages, Path.GetTempPath());
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogFailed(logger, e);
                }
            },
            stoppingToken);

    /// <summary>Deletes package upload temp files in <paramref name="folder"/> last written before <paramref name="cutoff"/>; returns how many.</summary>
    internal static int RemoveStalePackageUploads(string folder, DateTimeOffset cutoff)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, PackageUploadPattern, SearchOption.TopDirectoryOnly))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff.UtcDateTime)
                {
                    File.Delete(file);
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process's file, or one just removed: not ours to fight over.
            }
        }

        return removed;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Removed {Count} unfinished upload files from {Root}")]
    private static partial void LogRemoved(ILogger logger, int count, string root);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Removing unfinished upload files failed; they stay hidden from listings")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
