using System.Globalization;

namespace Crucible.Stats.Metrics.Internal;

/// <summary>Argument checks shared by every metric; each failure names the offending row.</summary>
internal static class MetricGuard
{
    /// <summary>Largest class index accepted, so a stray label cannot trigger a huge allocation.</summary>
    internal const int MaxClassIndex = (1 << 20) - 1;

    /// <summary>Tolerance on the per-row sum of class probabilities.</summary>
    internal const double ProbabilitySumTolerance = 1e-6;

    internal static void NotEmpty(int length, string name)
    {
        if (length == 0)
        {
            throw new ArgumentException($"{name} is empty; metrics need at least one row.", name);
        }
    }

    internal static void SameLength(int expected, int actual, string expectedName, string actualName)
    {
        if (expected != actual)
        {
            throw new ArgumentException(
                $"Length mismatch: {expectedName} has {Fmt(expected)} rows but {actualName} has {Fmt(actual)}.",
                actualName);
        }
    }

    internal static void Finite(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name} has a non-finite value ({Fmt(values[i])}) at row {Fmt(i)}.", name);
            }
        }
    }

    /// <summary>Checks every value is finite and in [0, 1].</summary>
    internal static void Probabilities(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"{name} has a non-finite value ({Fmt(v)}) at row {Fmt(i)}.", name);
            }

            if (v < 0.0 || v > 1.0)
            {
                throw new ArgumentException($"{name} has a probability outside [0, 1] ({Fmt(v)}) at row {Fmt(i)}.", name);
            }
        }
    }

    /// <summary>Checks a row-major n-by-K matrix of class probabilities: finite, in [0, 1], rows summing to 1.</summary>
    internal static int ProbabilityMatrix(ReadOnlySpan<double> values, int classCount, string name)
    {
        ClassCount(classCount, 2);
        NotEmpty(values.Length, name);
        if (values.Length % classCount != 0)
        {
            throw new ArgumentException(
                $"{name} has {Fmt(values.Length)} values, which is not a multiple of the class count {Fmt(classCount)}.", name);
        }

        var rows = values.Length / classCount;
        for (var r = 0; r < rows; r++)
        {
            var row = values.Slice(r * classCount, classCount);
            var sum = 0.0;
            for (var c = 0; c < row.Length; c++)
            {
                var v = row[c];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException(
                        $"{name} has a non-finite value ({Fmt(v)}) at row {Fmt(r)}, class {Fmt(c)}.", name);
                }

                if (v < 0.0 || v > 1.0)
                {
                    throw new ArgumentException(
                        $"{name} has a probability outside [0, 1] ({Fmt(v)}) at row {Fmt(r)}, class {Fmt(c)}.", name);
                }

                sum += v;
            }

            if (Math.Abs(sum - 1.0) > ProbabilitySumTolerance)
            {
                throw new ArgumentException(
                    $"{name} row {Fmt(r)} sums to {Fmt(sum)}, not 1 (tolerance {Fmt(ProbabilitySumTolerance)}).", name);
            }
        }

        return rows;
    }

    internal static void ClassCount(int classCount, int minimum)
    {
        if (classCount < minimum || classCount > MaxClassIndex + 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(classCount), classCount, $"The class count must be between {Fmt(minimum)} and {Fmt(MaxClassIndex + 1)}.");
        }
    }

    /// <summary>Checks labels are in [0, classCount) and returns nothing; the row index is named on failure.</summary>
    internal static void LabelsInRange(ReadOnlySpan<int> labels, int classCount, string name)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            var y = labels[i];
            if ((uint)y >= (uint)classCount)
            {
                throw new ArgumentException(
                    $"{name} has label {Fmt(y)} at row {Fmt(i)}, outside the valid class range 0..{Fmt(classCount - 1)}.", name);
            }
        }
    }

    /// <summary>Checks labels are non-negative class indices and returns the largest one.</summary>
    internal static int MaxLabel(ReadOnlySpan<int> labels, string name)
    {
        var max = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var y = labels[i];
            if (y < 0 || y > MaxClassIndex)
            {
                throw new ArgumentException(
                    $"{name} has label {Fmt(y)} at row {Fmt(i)}; class labels must be indices in 0..{Fmt(MaxClassIndex)}.", name);
            }

            if (y > max)
            {
                max = y;
            }
        }

        return max;
    }

    /// <summary>
    /// Validates optional sample weights: empty means unweighted; otherwise one finite, non-negative
    /// weight per row with a positive total. Returns true when weights are present.
    /// </summary>
    internal static bool Weights(ReadOnlySpan<double> weights, int rows, string name = "sampleWeights")
    {
        if (weights.IsEmpty)
        {
            return false;
        }

        SameLength(rows, weights.Length, "the inputs", name);
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (!double.IsFinite(w) || w < 0.0)
            {
                throw new ArgumentException(
                    $"{name} has an invalid weight ({Fmt(w)}) at row {Fmt(i)}; weights must be finite and non-negative.", name);
            }

            total += w;
        }

        if (total <= 0.0)
        {
            throw new ArgumentException($"{name} sum to zero; at least one row needs a positive weight.", name);
        }

        return true;
    }

    internal static string Fmt(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Fmt(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
