namespace Crucible.Monitoring.Windows;

/// <summary>
/// Where per-window partial profiles live: each replica saves its own partial, readers get the
/// window merged. Implementations: <see cref="InMemoryProfileStore"/> and Crucible.Storage's SqlProfileStore.
/// </summary>
public interface IProfileStore
{
    /// <summary>Saves a replica's partial profile; saving the same key again merges into it (late rows).</summary>
    Task SavePartialAsync(WindowKey key, Profiles.DatasetProfile partial, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads a window with its partials merged in a canonical order (independent of save order).
    /// Corrupt partials are skipped and reported in <see cref="MergedWindow.Problems"/>. Null when
    /// the window has no partial.
    /// </summary>
    Task<MergedWindow?> LoadWindowAsync(WindowId window, CancellationToken cancellationToken = default);

    /// <summary>Windows with at least one partial, oldest first, optionally within [from, to).</summary>
    Task<IReadOnlyList<WindowId>> ListWindowsAsync(
        string deployment, string modelVersion, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default);
}
