using Crucible.Server.Hosting;
using Crucible.TestSupport;

namespace Crucible.Server.Tests.Hosting;

public sealed class StaleUploadCleanupTests
{
    [Fact]
    public void Old_package_uploads_go_and_fresh_ones_and_other_files_stay()
    {
        using var dir = new TempDirectory();
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        var stale = Write(dir.File("crucible-package-0a.onnx"), now - TimeSpan.FromHours(1));
        var fresh = Write(dir.File("crucible-package-0b.onnx"), now - TimeSpan.FromMinutes(1));
        var other = Write(dir.File("someone-else.onnx"), now - TimeSpan.FromDays(3));

        var removed = StaleUploadCleanup.RemoveStalePackageUploads(dir.Path, now - StaleUploadCleanup.StaleAfter);

        Assert.Equal(1, removed);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(other));
    }

    private static string Write(string path, DateTimeOffset lastWrite)
    {
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, lastWrite.UtcDateTime);
        return path;
    }
}
