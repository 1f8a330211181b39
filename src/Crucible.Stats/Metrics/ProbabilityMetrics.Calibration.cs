namespace Crucible.Stats.Metrics;

/// <summary>Calibration of binary probabilities: sklearn's <c>calibration_curve</c> and an expected calibration error.</summary>
public static partial class ProbabilityMetrics
{
    /// <summary>
    /// The reliability diagram of <c>sklearn.calibration.calibration_curve</c>: rows are binned by the probability of
    /// class 1 (a value on an inner edge falls in the lower bin, as numpy's <c>searchsorted</c> puts it), and each
    /// non-empty bin reports its fraction of positives and mean probability. sklearn's default is 5 bins.
    /// </summary>
    public static CalibrationCurve CalibrationCurve(
        ReadOnlySpan<int> yTrue,
        ReadOnlySpan<double> positiveProbabilities,
        int binCount = 5,
        CalibrationStrategy strategy = CalibrationStrategy.Uniform)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        ValidateBinary(yTrue, positiveProbabilities, default);
        var edges = strategy switch
        {
            CalibrationStrategy.Uniform => UniformEdges(binCount),
            CalibrationStrategy.Quantile => QuantileEdges(positiveProbabilities, binCount),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown calibration strategy."),
        };

        var probabilitySums = new double[binCount];
        var positives = new double[binCount];
        var counts = new int[binCount];
        for (var i = 0; i < yTrue.Length; i++)
        {
            var p = positiveProbabilities[i];
            var bin = CountInnerEdgesBelow(edges, p);
            probabilitySums[bin] += p;
            positives[bin] += yTrue[i];
            counts[bin]++;
        }

        var fraction = new List<double>(binCount);
        var mean = new List<double>(binCount);
        var nonEmpty = new List<int>(binCount);
        for (var b = 0; b < binCount; b++)
        {
            if (counts[b] != 0)
            {
                fraction.Add(positives[b] / counts[b]);
                mean.Add(probabilitySums[b] / counts[b]);
                nonEmpty.Add(counts[b]);
            }
        }

        return new CalibrationCurve(fraction, mean, nonEmpty);
    }

    /// <summary>
    /// Expected calibration error of binary probabilities, defined here as
    /// ECE = sum over bins b of |acc_b - conf_b| * n_b / n, where the bins are <paramref name="binCount"/> equal-width bins
    /// on [0, 1] (the uniform bins of <see cref="CalibrationCurve"/>), acc_b is the fraction of rows in bin b whose label is 1,
    /// conf_b is the mean probability of class 1 in bin b, n_b the bin's row count and n the total. Empty bins contribute 0.
    /// This is the reliability-diagram form on the positive-class probability, not the top-label (max(p, 1 - p)) form.
    /// </summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> positiveProbabilities, int binCount = 10)
    {
        var curve = CalibrationCurve(yTrue, positiveProbabilities, binCount, CalibrationStrategy.Uniform);
        var n = (double)yTrue.Length;
        var ece = 0.0;
        for (var b = 0; b < curve.Counts.Count; b++)
        {
            ece += Math.Abs(curve.FractionOfPositives[b] - curve.MeanPredictedProbability[b]) * (curve.Counts[b] / n);
        }

        return ece;
    }

    /// <summary>numpy's <c>linspace(0, 1, binCount + 1)</c>: i * (1 / binCount), last edge exactly 1.</summary>
    private static double[] UniformEdges(int binCount)
    {
        var edges = new double[binCount + 1];
        var step = 1.0 / binCount;
        for (var i = 0; i < binCount; i++)
        {
            edges[i] = i * step;
        }

        edges[binCount] = 1.0;
        return edges;
    }

    /// <summary>numpy's <c>percentile(p, linspace(0, 1, binCount + 1) * 100)</c> with linear interpolation.</summary>
    private static double[] QuantileEdges(ReadOnlySpan<double> values, int binCount)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var levels = UniformEdges(binCount);
        var edges = new double[binCount + 1];
        var last = sorted.Length - 1;
        for (var i = 0; i < edges.Length; i++)
        {
            var q = levels[i] * 100.0 / 100.0;
            var position = last * q;
            if (position >= last)
            {
                edges[i] = sorted[last];
                continue;
            }

            var below = Math.Floor(position);
            var gamma = position - below;
            var a = sorted[(int)below];
            var b = sorted[(int)below + 1];
            var diff = b - a;
            edges[i] = gamma >= 0.5 ? b - (diff * (1.0 - gamma)) : a + (diff * gamma);
        }

        return edges;
    }

    /// <summary>Number of inner edges (edges[1..^1]) strictly below <paramref name="p"/>: numpy's left searchsorted.</summary>
    private static int CountInnerEdgesBelow(double[] edges, double p)
    {
        var lo = 1;
        var hi = edges.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] < p)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }
}
