using System.Runtime.InteropServices;

namespace Crucible.Storage.Artifacts;

/// <summary>
/// fsync for folders: after a file is renamed into place, its folder's entry must reach the disk too, or a power
/// loss can lose an acknowledged write. .NET cannot open a folder as a file, so on Linux and macOS this calls
/// <c>open</c>/<c>fsync</c>/<c>close</c> from libc; elsewhere (Windows flushes metadata with the file) it does nothing.
/// </summary>
internal static class DurableFiles
{
    private const int ReadOnly = 0;

    /// <summary>Flushes the folder's entries to disk; an error is thrown as <see cref="IOException"/>.</summary>
    public static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var path = System.Text.Encoding.UTF8.GetBytes(folder + "\0");
        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open folder '{folder}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush folder '{folder}' to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
