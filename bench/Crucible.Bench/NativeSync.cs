using System.Runtime.InteropServices;

namespace Crucible.Bench;

/// <summary>fdatasync(2), which SQLite uses on Linux to make a commit durable (FileStream.Flush(true) calls fsync).</summary>
internal static partial class NativeSync
{
    public static void DataSync(FileStream file)
    {
        if (fdatasync((int)file.SafeFileHandle.DangerousGetHandle()) != 0)
        {
            throw new IOException($"fdatasync failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);
}
