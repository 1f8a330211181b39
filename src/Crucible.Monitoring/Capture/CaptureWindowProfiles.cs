using Crucible.Core.Serving;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Windows;

namespace Crucible.Monitoring.Capture;

/// <summary>
/// This replica's in-memory partial profiles of captured predictions, per (deployment, model version, window) (hourly
/// by default, by each record's timestamp). The capture writer feeds it each logged batch as tensors (<see cref="ObserveAsync(IReadOnlyList{CapturedPrediction}, CancellationToken)"/>, off
/// the request path), profiled with <see cref="PredictionProfiles.Build(IEnumerable{CapturedPrediction}, DateTimeOffset?, DateTimeOffset?, ProfileOptions?, Func{CapturedPrediction, IReadOnlyList{string}?}?)"/> so the columns are the same as the
/// log-built profiles (named by the model's feature names when a <see cref="FeatureNameSource"/> knows them); <see cref="FlushAsync"/> saves what accumulated since the last flush as this replica's partial
/// (the store merges it into the partial already saved). Thread-safe.
/// </summary>
public sealed class CaptureWindowProfiles : IPredictionObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WindowKey, List<DatasetProfile>> _pending = [];

    /// <summary>One running profile per window, fed batch after batch (no per-batch sketches to merge) until the flush.</summary>
    private readonly Dictionary<WindowKey, PredictionProfiles.Accumulator> _open = [];
    private readonly ProfileOptions? _options;
    private readonly FeatureNameSource? _featureNames;

    /// <summary>Creates the profiles of one replica; <paramref name="featureNames"/> names the columns of model versions that have feature names.</summary>
    public CaptureWindowProfiles(string replica, TimeSpan? windowLength = null, ProfileOptions? options = null, FeatureNameSource? featureNames = null)
    {
        _featureNames = featureNames;
        ArgumentException.ThrowIfNullOrEmpty(replica);
        Replica = replica;
        WindowLength = windowLength ?? WindowKey.DefaultLength;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WindowLength, TimeSpan.Zero, nameof(windowLength));
        _options = options;
    }

    /// <summary>This replica's id, written with every partial.</summary>
    public string Replica { get; }

    /// <summary>Window length.</summary>
    public TimeSpan WindowLength { get; }

    /// <summary>Windows with rows not yet saved.</summary>
    public int PendingWindows
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count + _open.Keys.Count(k => !_pending.ContainsKey(k));
            }
        }
    }

    /// <summary>Profiles captured predictions from their tensors (the capture writer's path: no JSON is parsed).</summary>
    public ValueTask ObserveAsync(IReadOnlyList<CapturedPrediction> predictions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return ObserveAsync(
            predictions,
            p => (p.Model, p.Version, p.Shadow, p.Deployment, p.TimestampMs),
            static (accumulator, prediction, names) => accumulator.Add(prediction, names),
            cancellationToken);
    }

    /// <summary>Profiles logged records (their JSON, as read back from the prediction log) by the same rules.</summary>
    public ValueTask ObserveAsync(IReadOnlyList<PredictionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return ObserveAsync(
            records,
            r => (r.Model, r.Version, r.Shadow, r.Deployment, r.TimestampMs),
            static (accumulator, record, names) => accumulator.Add(record, names),
            cancellationToken);
    }

    private async ValueTask ObserveAsync<T>(
        IReadOnlyList<T> items,
        Func<T, (string Model, string Version, bool Shadow, string Deployment, long TimestampMs)> fields,
        Action<PredictionProfiles.Accumulator, T, IReadOnlyList<string>?> add,
        CancellationToken cancellationToken)
    {
        var names = new Dictionary<(string Model, string Version), IReadOnlyList<string>?>();
        var cache = new FeatureNameCache(_featureNames);
        foreach (var item in items)
        {
            var (model, version, shadow, _, _) = fields(item);
            if (!shadow && !names.ContainsKey((model, version)))
            {
                names[(model, version)] = await cache.GetAsync(model, version, shadow, cancellationToken).ConfigureAwait(false);
            }
        }

        lock (_gate)
        {
            foreach (var item in items)
            {
                var (model, version, shadow, deployment, timestampMs) = fields(item);
                if (shadow)
                {
                    continue;
                }

                WindowKey key = KeyOf(deployment, version, timestampMs);
                if (!_open.TryGetValue(key, out var accumulator))
                {
                    accumulator = new PredictionProfiles.Accumulator(_options);
                    _open.Add(key, accumulator);
                }

                add(accumulator, item, names.GetValueOrDefault((model, version)));
            }
        }
    }

    /// <summary>
    /// Saves every window's rows gathered since the last flush as this replica's partial; returns the windows saved.
    /// A window whose save fails stays pending (and the first error is rethrown after the others were tried).
    /// </summary>
    public async Task<int> FlushAsync(ProfileStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        List<KeyValuePair<WindowKey, List<DatasetProfile>>> due;
        lock (_gate)
        {
            foreach ((WindowKey key, PredictionProfiles.Accumulator accumulator) in _open)
            {
                DatasetProfile profile = accumulator.Finish(key.WindowStart, key.WindowStart + key.Length, null).Profile;
                if (_pending.TryGetValue(key, out List<DatasetProfile>? kept))
                {
                    kept.Add(profile);
                }
                else
                {
                    _pending.Add(key, [profile]);
                }
            }

            _open.Clear();
            due = [.. _pending];
            _pending.Clear();
        }

        var saved = 0;
        Exception? first = null;
        foreach ((WindowKey key, List<DatasetProfile> profiles) in due)
        {
            DatasetProfile merged = profiles.Count == 1 ? profiles[0] : DatasetProfile.MergeAll(profiles);
            try
            {
                await store.SavePartialAsync(key, WithTags(merged, key), cancellationToken).ConfigureAwait(false);
                saved++;
            }
#pragma warning disable CA1031 // Kept for the next flush; the first failure is rethrown below.
            catch (Exception e)
#pragma warning restore CA1031
            {
                first ??= e;
                lock (_gate)
                {
                    if (_pending.TryGetValue(key, out List<DatasetProfile>? later))
                    {
                        later.Add(merged);
                    }
                    else
                    {
                        _pending.Add(key, [merged]);
                    }
                }
            }
        }

        if (first is not null)
        {
            throw new InvalidOperationException($"Saving {due.Count - saved} window profile(s) failed; they are kept for the next flush.", first);
        }

        return saved;
    }

    private WindowKey KeyOf(string deployment, string version, long timestampMs) =>
        new(deployment, version, WindowedProfiler.WindowStartOf(DateTimeOffset.FromUnixTimeMilliseconds(timestampMs), WindowLength), Replica)
        {
            Length = WindowLength,
        };

    private static DatasetProfile WithTags(DatasetProfile profile, WindowKey key)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deployment"] = key.Deployment,
            ["model_version"] = key.ModelVersion,
            ["replica"] = key.Replica,
            ["source"] = "capture",
        };
        return new DatasetProfile(profile.Columns, profile.RowCount, key.WindowStart, key.WindowStart + key.Length, tags);
    }
}
