using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Core.Serving;
using Crucible.Monitoring.Performance;

namespace Crucible.Monitoring.Running;

/// <summary>What to compute: windows of [StartMs, EndMs) of WindowMs each, against the reference [ReferenceStartMs, ReferenceEndMs).</summary>
public sealed record PerformanceQuery(
    string Deployment, long StartMs, long EndMs, long WindowMs, long ReferenceStartMs, long ReferenceEndMs, string? ScoreOutput = null, PerformanceTask? Task = null);

/// <summary>The performance of a run of windows, with the fitted reference.</summary>
public sealed record PerformanceResult(
    PerformanceQuery Query, PerformanceModel Model, string? ScoreOutput, IReadOnlyList<PerformanceWindow> Windows, long DataQualityIssues, IReadOnlyList<string> Notes);

/// <summary>
/// Realized and estimated performance of a deployment's served traffic: reads the reference window and the requested
/// windows from the prediction log with their labels, fits <see cref="PerformanceModel"/> on the reference and evaluates
/// each window. As <see cref="IPerformanceSource"/> (for monitor rules) the reference is the deployment's first
/// monitor's reference window, and a window reports realized metrics when it has labelled rows, else estimates.
/// </summary>
public sealed class PerformanceService(IPredictionLogStore log, IPredictionLabelStore labels, IMonitorStore monitors) : IPerformanceSource
{
    /// <summary>The most windows one call evaluates.</summary>
    public const int MaxWindows = 1_000;

    public async Task<IReadOnlyList<WindowPerformance>> GetAsync(string deployment, long windowStartMs, long windowEndMs, CancellationToken cancellationToken)
    {
        var monitor = await MonitorOfAsync(deployment, cancellationToken).ConfigureAwait(false)
            ?? throw CrucibleException.Invalid($"Deployment '{deployment}' has no monitor, so there is no reference window to estimate performance against.");
        var result = await ComputeAsync(
            new PerformanceQuery(deployment, windowStartMs, windowEndMs, windowEndMs - windowStartMs, monitor.Spec.ReferenceStartMs, monitor.Spec.ReferenceEndMs),
            cancellationToken).ConfigureAwait(false);
        var window = result.Windows[0];
        return window.LabelledRows > 0 ? window.Realized : window.Estimated;
    }

    /// <summary>The deployment's first monitor (oldest), or null.</summary>
    public async Task<DriftMonitor?> MonitorOfAsync(string deployment, CancellationToken cancellationToken) =>
        (await monitors.ListMonitorsAsync(deployment, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<PerformanceResult> ComputeAsync(PerformanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        Guard.Required(query.Deployment, "deployment");
        if (query.EndMs <= query.StartMs)
        {
            throw CrucibleException.Invalid($"The range is empty: end_ms ({query.EndMs}) must be after start_ms ({query.StartMs}).");
        }

        if (query.ReferenceEndMs <= query.ReferenceStartMs)
        {
            throw CrucibleException.Invalid($"The reference window is empty: reference_end_ms ({query.ReferenceEndMs}) must be after reference_start_ms ({query.ReferenceStartMs}).");
        }

        // Bounded values keep the window arithmetic below from overflowing (a wrapped count once passed the cap and looped without end).
        Guard.DurationMs(query.WindowMs, "window_ms", MonitorSpec.MinWindowMs);
        Guard.EpochMs(query.StartMs, "start_ms");
        Guard.EpochMs(query.EndMs, "end_ms");
        Guard.EpochMs(query.ReferenceStartMs, "reference_start_ms");
        Guard.EpochMs(query.ReferenceEndMs, "reference_end_ms");
        var count = ((query.EndMs - query.StartMs) + query.WindowMs - 1) / query.WindowMs;
        if (count > MaxWindows)
        {
            throw CrucibleException.Invalid($"The range holds {count} windows of {query.WindowMs} ms; at most {MaxWindows}. Use a longer window_ms or a shorter range.");
        }

        var reference = await PerformanceLog.ReadAsync(log, labels, query.Deployment, query.ReferenceStartMs, query.ReferenceEndMs, query.ScoreOutput, cancellationToken).ConfigureAwait(false);
        var scoreOutput = query.ScoreOutput ?? reference.ScoreOutput;
        var current = await PerformanceLog.ReadAsync(log, labels, query.Deployment, query.StartMs, query.EndMs, scoreOutput, cancellationToken).ConfigureAwait(false);
        var model = PerformanceModel.Fit(reference.Rows, reference.TwoColumns || current.TwoColumns, new PerformanceOptions(query.Task));

        var windows = new List<PerformanceWindow>((int)count);
        var rows = current.Rows;
        var next = 0;
        for (var start = query.StartMs; start < query.EndMs && windows.Count < count; start += query.WindowMs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(start + query.WindowMs, query.EndMs);
            var first = next;
            while (next < rows.Count && rows[next].TimestampMs < end)
            {
                next++;
            }

            windows.Add(model.Evaluate(start, end, rows.Skip(first).Take(next - first).ToList()));
        }

        return new PerformanceResult(query, model, scoreOutput ?? current.ScoreOutput, windows, current.DataQualityIssues, Notes(reference, current, model));
    }

    private static List<string> Notes(PerformanceData reference, PerformanceData current, PerformanceModel model)
    {
        var notes = new List<string>();
        if (reference.Rows.Count == 0)
        {
            notes.Add("The reference window has no readable predictions.");
        }
        else if (model.ReferenceLabelledRows == 0)
        {
            notes.Add("The reference window has no labelled predictions: post labels for it to get estimates, thresholds and sampling errors.");
        }
        else if (model.Task == PerformanceTask.BinaryClassification && !model.CanEstimate)
        {
            notes.Add("The reference's labels are all of one class, so CBPE cannot be fitted; only realized metrics are given.");
        }

        if (model.Bands.Count == 0 && model.ReferenceLabelledRows > 0)
        {
            notes.Add("Too few labelled reference rows for chunk-based thresholds and sampling errors.");
        }

        if (model.Task == PerformanceTask.Regression)
        {
            notes.Add("Regression: realized metrics only (no label-free estimate yet).");
        }

        notes.AddRange(reference.Problems.Concat(current.Problems).Take(Capture.PredictionProfiles.MaxProblems));
        return notes;
    }
}
