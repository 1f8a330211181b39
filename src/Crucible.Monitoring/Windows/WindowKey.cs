namespace Crucible.Monitoring.Windows;

/// <summary>A time window of one deployment's model version (all replicas together).</summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="ModelVersion">Model version served.</param>
/// <param name="WindowStart">Window start (UTC).</param>
public sealed record WindowId(string Deployment, string ModelVersion, DateTimeOffset WindowStart)
{
    /// <summary>Window length (hourly by default).</summary>
    public TimeSpan Length { get; init; } = WindowKey.DefaultLength;
}

/// <summary>The key of one replica's partial profile of a window.</summary>
/// <param name="Deployment">Deployment name.</param>
/// <param name="ModelVersion">Model version served.</param>
/// <param name="WindowStart">Window start (UTC).</param>
/// <param name="Replica">Replica (process) that wrote the partial.</param>
public sealed record WindowKey(string Deployment, string ModelVersion, DateTimeOffset WindowStart, string Replica)
{
    /// <summary>The default window length: one hour.</summary>
    public static readonly TimeSpan DefaultLength = TimeSpan.FromHours(1);

    /// <summary>Window length (hourly by default).</summary>
    public TimeSpan Length { get; init; } = DefaultLength;

    /// <summary>The window this partial belongs to.</summary>
    public WindowId Window => new(Deployment, ModelVersion, WindowStart) { Length = Length };
}

/// <summary>A window's merged profile.</summary>
/// <param name="Window">The window.</param>
/// <param name="Profile">Merge of the readable partials (null when none was readable).</param>
/// <param name="Partials">Partials merged.</param>
/// <param name="Problems">Partials skipped (corrupt blobs), one message each.</param>
public sealed record MergedWindow(WindowId Window, Stats.Profiles.DatasetProfile? Profile, int Partials, IReadOnlyList<string> Problems);
