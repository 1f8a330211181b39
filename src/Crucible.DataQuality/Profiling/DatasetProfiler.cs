using Crucible.Tabular;

namespace Crucible.DataQuality.Profiling;

/// <summary>Entry point for schema inference: one streaming pass, bounded memory.</summary>
public static class DatasetProfiler
{
    /// <summary>Profiles a CSV or JSON Lines file: digest, row count, per-column type, nullability, role and statistics.</summary>
    public static DatasetProfile Profile(string path, ScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return DatasetScanner.Scan(path, (options ?? new ScanOptions()) with { SampleSize = 0, Label = null }).Profile;
    }

    /// <summary>Profiles rows already opened, e.g. a <see cref="TabularFolder"/> (the profile's digest is then the folder's).</summary>
    public static DatasetProfile Profile(ITabularRows rows, string source, ScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(source);
        return DatasetScanner.Scan(rows, source, (options ?? new ScanOptions()) with { SampleSize = 0, Label = null }).Profile;
    }
}
