using System.Diagnostics;
using System.Globalization;

namespace Crucible.Optimization.Profiling;

/// <summary>
/// Resident memory of this process. On Linux the peak (VmHWM) can be reset by writing 5 to /proc/self/clear_refs,
/// so a measurement sees only its own peak; elsewhere the process's lifetime peak working set is the best there is.
/// </summary>
internal static class ProcessMemory
{
    private const string Status = "/proc/self/status";

    /// <summary>Resets the peak where the OS allows it; true when it did.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    public static long Resident() => Read("VmRSS:") ?? Process.GetCurrentProcess().WorkingSet64;

    public static long Peak() => Read("VmHWM:") ?? Process.GetCurrentProcess().PeakWorkingSet64;

    private static long? Read(string field)
    {
        if (!File.Exists(Status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
