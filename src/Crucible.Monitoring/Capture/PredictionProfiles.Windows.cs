using Crucible.Core.Serving;
using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Capture;

/// <summary>One window of a deployment's served traffic and its profile.</summary>
/// <param name="Start">Window start.</param>
/// <param name="End">Window end (exclusive).</param>
/// <param name="Profile">The window's profile (no rows when nothing was served).</param>
public sealed record PredictionWindow(DateTimeOffset Start, DateTimeOffset End, PredictionProfile Profile);

public static partial class PredictionProfiles
{
    /// <summary>Windows a single call profiles at most.</summary>
    public const int MaxWindows = 10_000;

    /// <summary>
    /// Profiles [start, end) in consecutive windows of <paramref name="window"/> (the last one cut at end), reading the
    /// log once, page by page. Every window is returned, empty ones included, oldest first. With
    /// <paramref name="featureNames"/>, columns are named as <see cref="BuildAsync"/> names them.
    /// </summary>
    /// <exception cref="ArgumentException">An empty range, a non-positive window, or more than <see cref="MaxWindows"/> windows.</exception>
    public static async Task<IReadOnlyList<PredictionWindow>> BuildWindowsAsync(
        IPredictionLogStore log,
        string deployment,
        DateTimeOffset start,
        DateTimeOffset end,
        TimeSpan window,
        ProfileOptions? options = null,
        FeatureNameSource? featureNames = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        long startMs = start.ToUnixTimeMilliseconds(), endMs = end.ToUnixTimeMilliseconds(), windowMs = (long)window.TotalMilliseconds;
        if (endMs <= startMs)
        {
            throw new ArgumentException($"The range is empty: its end ({endMs}) must be after its start ({startMs}).");
        }

        if (windowMs <= 0)
        {
            throw new ArgumentException($"The window must be at least 1 ms long, got {window.TotalMilliseconds} ms.");
        }

        long count = ((endMs - startMs) + windowMs - 1) / windowMs;
        if (count > MaxWindows)
        {
            throw new ArgumentException($"The range holds {count} windows; at most {MaxWindows} are profiled at once: use longer windows or a shorter range.");
        }

        var accumulators = new Accumulator[count];
        for (int i = 0; i < count; i++)
        {
            accumulators[i] = new Accumulator(options);
        }

        var names = new FeatureNameCache(featureNames);
        await foreach (var record in PredictionLogReader.ReadAsync(log, deployment, startMs, endMs, cancellationToken).ConfigureAwait(false))
        {
            long k = (record.TimestampMs - startMs) / windowMs;
            if (k >= 0 && k < count)
            {
                accumulators[k].Add(record, await names.GetAsync(record, cancellationToken).ConfigureAwait(false));
            }
        }

        var windows = new PredictionWindow[count];
        for (int i = 0; i < count; i++)
        {
            var from = DateTimeOffset.FromUnixTimeMilliseconds(startMs + (i * windowMs));
            var to = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(endMs, startMs + ((i + 1) * windowMs)));
            var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["deployment"] = deployment, ["source"] = "prediction_log" };
            windows[i] = new PredictionWindow(from, to, accumulators[i].Finish(from, to, tags));
        }

        return windows;
    }
}
