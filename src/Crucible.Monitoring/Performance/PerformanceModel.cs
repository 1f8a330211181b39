using Crucible.Core.Monitoring;
using Crucible.Stats.Metrics;

namespace Crucible.Monitoring.Performance;

/// <summary>One window's performance: realized from its labelled rows, estimated by CBPE from all its rows.</summary>
/// <param name="StartMs">Window start (Unix ms).</param>
/// <param name="EndMs">Window end, exclusive.</param>
/// <param name="Rows">Rows served in the window.</param>
/// <param name="LabelledRows">Rows with a usable label.</param>
/// <param name="Realized">Realized metrics; empty without labelled rows.</param>
/// <param name="Estimated">CBPE estimates; empty for regression, without rows, or when the reference could not be fitted.</param>
public sealed record PerformanceWindow(long StartMs, long EndMs, long Rows, long LabelledRows, IReadOnlyList<WindowPerformance> Realized, IReadOnlyList<WindowPerformance> Estimated);

/// <summary>
/// Realized and estimated performance fitted on a labelled reference (NannyML's CBPE, shared/reference/anchors.md,
/// section 2). The task is taken from the options or detected: binary classification when the score output is [N, 2],
/// or when every reference label is 0 or 1 and every score lies in [0, 1]; regression otherwise. For a classifier the
/// reference fits the isotonic calibrator (used only if it lowers the ECE, <see cref="CbpeCalibration"/>). For every
/// metric the labelled reference rows, in time order, are cut into <see cref="PerformanceOptions.Chunks"/> chunks of
/// near-equal size; the realized metric per chunk gives the alert band and the sampling error (<see cref="MetricBand"/>),
/// used by realized and estimated values alike.
/// </summary>
public sealed class PerformanceModel
{
    private readonly PerformanceOptions _options;
    private readonly IsotonicRegression? _calibrator;
    private readonly Dictionary<string, MetricBand> _bands;

    private PerformanceModel(PerformanceOptions options, PerformanceTask task, IsotonicRegression? calibrator, bool canEstimate, Dictionary<string, MetricBand> bands, long rows, long labelledRows)
    {
        _options = options;
        Task = task;
        _calibrator = calibrator;
        CanEstimate = canEstimate;
        _bands = bands;
        ReferenceRows = rows;
        ReferenceLabelledRows = labelledRows;
    }

    public PerformanceTask Task { get; }

    /// <summary>True when isotonic calibration lowered the reference's ECE and is applied before estimating.</summary>
    public bool Calibrated => _calibrator is not null;

    /// <summary>True when CBPE estimates are produced (a classifier whose reference has labels of both classes).</summary>
    public bool CanEstimate { get; }

    public long ReferenceRows { get; }

    public long ReferenceLabelledRows { get; }

    /// <summary>The band of each metric that has one.</summary>
    public IReadOnlyDictionary<string, MetricBand> Bands => _bands;

    public static PerformanceModel Fit(IReadOnlyList<PerformanceRow> reference, bool twoColumnScores, PerformanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new PerformanceOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Chunks, 2);
        var labelled = reference.Where(r => r.Label is not null).ToList();
        var task = options.Task ?? Detect(reference, labelled, twoColumnScores);
        labelled = labelled.Where(r => PerformanceMetrics.Usable(task, r.Label!.Value) && double.IsFinite(r.Score)).ToList();

        var bands = new Dictionary<string, MetricBand>(StringComparer.Ordinal);
        if (labelled.Count >= options.Chunks)
        {
            var chunks = Chunk(labelled, options.Chunks);
            var values = chunks.Select(c => PerformanceMetrics.Realized(task, [.. c.Select(r => r.Score)], [.. c.Select(r => r.Label!.Value)], options.DecisionThreshold)).ToList();
            var chunkRows = (double)labelled.Count / options.Chunks;
            foreach (var name in PerformanceMetrics.Names(task))
            {
                var (min, max) = Range(name);
                if (MetricBand.FromChunks([.. values.Select(v => v[name])], chunkRows, min, max) is { } band)
                {
                    bands[name] = band;
                }
            }
        }

        IsotonicRegression? calibrator = null;
        var canEstimate = false;
        if (task == PerformanceTask.BinaryClassification)
        {
            var labels = labelled.Select(r => (int)r.Label!.Value).ToArray();
            canEstimate = labels.Contains(0) && labels.Contains(1);
            calibrator = canEstimate ? CbpeCalibration.Choose([.. labelled.Select(r => r.Score)], labels, options.Seed, out _, out _) : null;
        }

        return new PerformanceModel(options, task, calibrator, canEstimate, bands, reference.Count, labelled.Count);
    }

    /// <summary>The probability CBPE uses for a score: calibrated when <see cref="Calibrated"/>, else the score clipped to [0, 1].</summary>
    public double Probability(double score) => _calibrator?.Predict(score) ?? Math.Clamp(score, 0, 1);

    public PerformanceWindow Evaluate(long startMs, long endMs, IReadOnlyList<PerformanceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var finite = rows.Where(r => double.IsFinite(r.Score)).ToList();
        var labelled = finite.Where(r => r.Label is { } l && PerformanceMetrics.Usable(Task, l)).ToList();
        var realized = new List<WindowPerformance>();
        if (labelled.Count > 0)
        {
            var values = PerformanceMetrics.Realized(Task, [.. labelled.Select(r => r.Score)], [.. labelled.Select(r => r.Label!.Value)], _options.DecisionThreshold);
            realized.AddRange(PerformanceMetrics.Names(Task).Select(name => Row(name, values[name], false, labelled.Count)));
        }

        var estimated = new List<WindowPerformance>();
        if (CanEstimate && finite.Count > 0)
        {
            var scores = finite.Select(r => r.Score).ToArray();
            var values = PerformanceMetrics.Estimated([.. scores.Select(Probability)], scores, _options.DecisionThreshold);
            estimated.AddRange(PerformanceMetrics.Names(Task).Select(name => Row(name, values[name], true, finite.Count)));
        }

        return new PerformanceWindow(startMs, endMs, rows.Count, labelled.Count, realized, estimated);
    }

    private WindowPerformance Row(string metric, double value, bool estimated, long rows) =>
        _bands.TryGetValue(metric, out var band)
            ? new WindowPerformance(metric, value, estimated, band.SamplingError(rows), band.Lower, band.Upper, rows)
            : new WindowPerformance(metric, value, estimated, double.NaN, null, null, rows);

    private static PerformanceTask Detect(IReadOnlyList<PerformanceRow> all, List<PerformanceRow> labelled, bool twoColumnScores)
    {
        if (twoColumnScores)
        {
            return PerformanceTask.BinaryClassification;
        }

        var inUnit = all.All(r => r.Score is >= 0 and <= 1);
        return inUnit && labelled.All(r => r.Label is 0 or 1) ? PerformanceTask.BinaryClassification : PerformanceTask.Regression;
    }

    /// <summary>Cuts rows into <paramref name="count"/> consecutive chunks, the first ones one row longer (<c>np.array_split</c>).</summary>
    private static List<List<PerformanceRow>> Chunk(List<PerformanceRow> rows, int count)
    {
        var chunks = new List<List<PerformanceRow>>(count);
        var size = rows.Count / count;
        var extra = rows.Count % count;
        var start = 0;
        for (var c = 0; c < count; c++)
        {
            var length = size + (c < extra ? 1 : 0);
            chunks.Add(rows.GetRange(start, length));
            start += length;
        }

        return chunks;
    }

    private static (double? Min, double? Max) Range(string metric) => metric switch
    {
        MetricNames.MeanAbsoluteError or MetricNames.RootMeanSquaredError => (0, null),
        MetricNames.R2 => (null, 1),
        _ => (0, 1),
    };
}
