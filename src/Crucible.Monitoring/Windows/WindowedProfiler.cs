using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Windows;

/// <summary>
/// One replica's windowing of timestamped rows into per-window partial profiles (hourly by
/// default, aligned to the Unix epoch in UTC). Rows without a timestamp fall in the window of
/// the injected clock's "now"; <see cref="FlushClosedAsync"/> saves the windows that the clock
/// has moved past. Not thread-safe: one profiler per writer.
/// </summary>
public sealed class WindowedProfiler
{
    private readonly SortedDictionary<DateTimeOffset, ProfileBuilder> _open = [];
    private readonly TimeProvider _time;
    private readonly ProfileOptions _options;

    /// <summary>Creates a profiler for one deployment, model version and replica.</summary>
    public WindowedProfiler(
        string deployment, string modelVersion, string replica, TimeProvider time, TimeSpan? windowLength = null, ProfileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        ArgumentException.ThrowIfNullOrEmpty(modelVersion);
        ArgumentException.ThrowIfNullOrEmpty(replica);
        ArgumentNullException.ThrowIfNull(time);
        WindowLength = windowLength ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WindowLength, TimeSpan.Zero, nameof(windowLength));
        Deployment = deployment;
        ModelVersion = modelVersion;
        Replica = replica;
        _time = time;
        _options = options ?? ProfileOptions.Default;
    }

    /// <summary>Deployment name.</summary>
    public string Deployment { get; }

    /// <summary>Model version.</summary>
    public string ModelVersion { get; }

    /// <summary>This replica.</summary>
    public string Replica { get; }

    /// <summary>Window length.</summary>
    public TimeSpan WindowLength { get; }

    /// <summary>Start of the window holding the timestamp (UTC, aligned to the Unix epoch).</summary>
    public DateTimeOffset WindowStartOf(DateTimeOffset timestamp) => WindowStartOf(timestamp, WindowLength);

    /// <summary>Start of the window of the given length holding the timestamp.</summary>
    public static DateTimeOffset WindowStartOf(DateTimeOffset timestamp, TimeSpan windowLength)
    {
        long ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long floor = ticks - (((ticks % windowLength.Ticks) + windowLength.Ticks) % windowLength.Ticks);
        return DateTimeOffset.UnixEpoch.AddTicks(floor);
    }

    /// <summary>The builder of the window holding the timestamp (for the fast batch API).</summary>
    public ProfileBuilder For(DateTimeOffset timestamp)
    {
        DateTimeOffset start = WindowStartOf(timestamp);
        if (!_open.TryGetValue(start, out ProfileBuilder? builder))
        {
            builder = new ProfileBuilder(_options);
            _open.Add(start, builder);
        }

        return builder;
    }

    /// <summary>Adds a row observed at the given time.</summary>
    public void AddRow(DateTimeOffset timestamp, IEnumerable<KeyValuePair<string, object?>> row) => For(timestamp).AddRow(row);

    /// <summary>Adds a row observed now (by the injected clock).</summary>
    public void AddRow(IEnumerable<KeyValuePair<string, object?>> row) => AddRow(_time.GetUtcNow(), row);

    /// <summary>Windows holding unsaved rows.</summary>
    public IReadOnlyCollection<DateTimeOffset> OpenWindows => _open.Keys;

    /// <summary>Saves and forgets every window whose end is at or before the clock's now; returns how many.</summary>
    public Task<int> FlushClosedAsync(ProfileStore store, CancellationToken cancellationToken = default) =>
        FlushAsync(store, _time.GetUtcNow(), cancellationToken);

    /// <summary>Saves and forgets every window, open ones included (e.g. at shutdown); later rows merge into the same partial.</summary>
    public Task<int> FlushAllAsync(ProfileStore store, CancellationToken cancellationToken = default) =>
        FlushAsync(store, DateTimeOffset.MaxValue, cancellationToken);

    private async Task<int> FlushAsync(ProfileStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var due = _open.Keys.Where(start => now == DateTimeOffset.MaxValue || start + WindowLength <= now).ToList();
        foreach (DateTimeOffset start in due)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["deployment"] = Deployment,
                ["model_version"] = ModelVersion,
                ["replica"] = Replica,
            };
            DatasetProfile partial = _open[start].Build(start, start + WindowLength, tags);
            await store.SavePartialAsync(new WindowKey(Deployment, ModelVersion, start, Replica) { Length = WindowLength }, partial, cancellationToken).ConfigureAwait(false);
            _open.Remove(start);
        }

        return due.Count;
    }
}
