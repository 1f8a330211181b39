using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>
/// Single-output regression metrics, defined exactly as scikit-learn defines them. Inputs must be finite and of
/// equal length; sample weights are optional (empty = unweighted) wherever sklearn accepts them.
/// </summary>
public static class RegressionMetrics
{
    /// <summary>The floor on |y_true| in MAPE's denominator: sklearn uses float64 machine epsilon.</summary>
    public const double PercentageErrorEpsilon = 2.220446049250313e-16;

    /// <summary>Weighted mean of |y_true - y_pred|.</summary>
    public static double MeanAbsoluteError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        var weighted = Validate(yTrue, yPred, sampleWeights);
        double sum = 0.0, weightSum = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var w = weighted ? sampleWeights[i] : 1.0;
            sum += w * Math.Abs(yPred[i] - yTrue[i]);
            weightSum += w;
        }

        return sum / weightSum;
    }

    /// <summary>Weighted mean of (y_true - y_pred)^2.</summary>
    public static double MeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        var weighted = Validate(yTrue, yPred, sampleWeights);
        double sum = 0.0, weightSum = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var w = weighted ? sampleWeights[i] : 1.0;
            var d = yTrue[i] - yPred[i];
            sum += w * (d * d);
            weightSum += w;
        }

        return sum / weightSum;
    }

    /// <summary>Square root of <see cref="MeanSquaredError"/>.</summary>
    public static double RootMeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights = default)
        => Math.Sqrt(MeanSquaredError(yTrue, yPred, sampleWeights));

    /// <summary>
    /// Coefficient of determination with sklearn's <c>force_finite=True</c>: 1 when the residuals are all zero
    /// (even for constant y_true), 0 when y_true is constant but the residuals are not, and NaN with fewer than two rows.
    /// </summary>
    public static double R2(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        var weighted = Validate(yTrue, yPred, sampleWeights);
        if (yTrue.Length < 2)
        {
            return double.NaN;
        }

        var mean = WeightedMean(yTrue, sampleWeights, weighted);
        double numerator = 0.0, denominator = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var w = weighted ? sampleWeights[i] : 1.0;
            var r = yTrue[i] - yPred[i];
            var c = yTrue[i] - mean;
            numerator += w * (r * r);
            denominator += w * (c * c);
        }

        return ForceFinite(numerator, denominator);
    }

    /// <summary>Explained variance, 1 - Var(y_true - y_pred) / Var(y_true), with sklearn's <c>force_finite=True</c>.</summary>
    public static double ExplainedVariance(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        var weighted = Validate(yTrue, yPred, sampleWeights);
        double diffSum = 0.0, trueSum = 0.0, weightSum = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var w = weighted ? sampleWeights[i] : 1.0;
            diffSum += w * (yTrue[i] - yPred[i]);
            trueSum += w * yTrue[i];
            weightSum += w;
        }

        var diffMean = diffSum / weightSum;
        var trueMean = trueSum / weightSum;
        double numerator = 0.0, denominator = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var w = weighted ? sampleWeights[i] : 1.0;
            var r = yTrue[i] - yPred[i] - diffMean;
            var c = yTrue[i] - trueMean;
            numerator += w * (r * r);
            denominator += w * (c * c);
        }

        return ForceFinite(numerator / weightSum, denominator / weightSum);
    }

    /// <summary>Weighted mean of |y_true - y_pred| / max(|y_true|, eps), as a fraction (not multiplied by 100).</summary>
    public static double MeanAbsolutePercentageError(
        ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        var weighted = Validate(yTrue, yPred, sampleWeights);
        double sum = 0.0, weightSum = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var w = weighted ? sampleWeights[i] : 1.0;
            sum += w * (Math.Abs(yPred[i] - yTrue[i]) / Math.Max(Math.Abs(yTrue[i]), PercentageErrorEpsilon));
            weightSum += w;
        }

        return sum / weightSum;
    }

    /// <summary>
    /// Median of |y_true - y_pred|. Unweighted it is numpy's median (mean of the two middle values for even n);
    /// weighted it is sklearn's weighted percentile: the smallest error whose cumulative weight reaches half the total.
    /// </summary>
    public static double MedianAbsoluteError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        var weighted = Validate(yTrue, yPred, sampleWeights);
        var n = yTrue.Length;
        var errors = new double[n];
        for (var i = 0; i < n; i++)
        {
            errors[i] = Math.Abs(yPred[i] - yTrue[i]);
        }

        if (!weighted)
        {
            Array.Sort(errors);
            var mid = n / 2;
            return n % 2 == 1 ? errors[mid] : (errors[mid - 1] + errors[mid]) / 2.0;
        }

        var weights = sampleWeights.ToArray();
        Array.Sort(errors, weights);
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var half = 0.5 * total;
        var cumulative = 0.0;
        for (var i = 0; i < n; i++)
        {
            cumulative += weights[i];
            if (cumulative >= half)
            {
                return errors[i];
            }
        }

        return errors[n - 1];
    }

    /// <summary>Largest |y_true - y_pred| (sklearn's <c>max_error</c> takes no weights).</summary>
    public static double MaxError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        Validate(yTrue, yPred, default);
        var max = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            max = Math.Max(max, Math.Abs(yTrue[i] - yPred[i]));
        }

        return max;
    }

    private static double WeightedMean(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, bool weighted)
    {
        double sum = 0.0, weightSum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            var w = weighted ? weights[i] : 1.0;
            sum += w * values[i];
            weightSum += w;
        }

        return sum / weightSum;
    }

    private static double ForceFinite(double numerator, double denominator)
    {
        if (numerator == 0.0)
        {
            return 1.0;
        }

        return denominator == 0.0 ? 0.0 : 1.0 - (numerator / denominator);
    }

    private static bool Validate(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights)
    {
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        MetricGuard.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        MetricGuard.Finite(yTrue, nameof(yTrue));
        MetricGuard.Finite(yPred, nameof(yPred));
        return MetricGuard.Weights(sampleWeights, yTrue.Length);
    }
}
