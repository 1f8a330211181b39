namespace Crucible.Pipelines.Training.Trees;

/// <summary>
/// Per-feature bin thresholds as sklearn's HistGradientBoosting finds them: midpoints between distinct values when a
/// feature has at most <c>maxBins</c> of them, else the (max_bins−1) quantiles by numpy's midpoint method over at most
/// 200,000 sampled rows. Thresholds are float32 and strictly increasing, so a value's bin is the number of thresholds
/// below it and "bin ≤ b" is exactly "x ≤ threshold[b]", the ONNX branch test.
/// </summary>
internal sealed class FeatureBinner
{
    public const int SubsampleRows = 200_000;

    private FeatureBinner(float[][] thresholds) => Thresholds = thresholds;

    /// <summary>Thresholds per feature; feature f has Thresholds[f].Length + 1 bins.</summary>
    public float[][] Thresholds { get; }

    public static FeatureBinner Fit(float[] features, int rows, int columns, int maxBins, int seed)
    {
        var sample = SampleRows(rows, seed);
        var thresholds = new float[columns][];
        Parallel.For(0, columns, f =>
        {
            var values = new float[sample?.Length ?? rows];
            for (var k = 0; k < values.Length; k++)
            {
                values[k] = features[((sample?[k] ?? k) * columns) + f];
            }

            Array.Sort(values);
            thresholds[f] = FeatureThresholds(values, maxBins);
        });
        return new FeatureBinner(thresholds);
    }

    /// <summary>Bin indices, column-major [feature][row].</summary>
    public byte[] Transform(float[] features, int rows, int columns)
    {
        var bins = new byte[rows * columns];
        Parallel.For(0, columns, f =>
        {
            var t = Thresholds[f];
            var column = bins.AsSpan(f * rows, rows);
            for (var i = 0; i < rows; i++)
            {
                column[i] = (byte)Bin(t, features[(i * columns) + f]);
            }
        });
        return bins;
    }

    private static int Bin(float[] thresholds, float x)
    {
        var at = Array.BinarySearch(thresholds, x);
        return at >= 0 ? at : ~at;
    }

    private static int[]? SampleRows(int rows, int seed)
    {
        if (rows <= SubsampleRows)
        {
            return null;
        }

        var random = new Random(seed);
        var all = Enumerable.Range(0, rows).ToArray();
        for (var k = 0; k < SubsampleRows; k++)
        {
            var j = random.Next(k, rows);
            (all[k], all[j]) = (all[j], all[k]);
        }

        return all[..SubsampleRows];
    }

    private static float[] FeatureThresholds(float[] sorted, int maxBins)
    {
        var distinct = new List<float>();
        foreach (var v in sorted)
        {
            if (distinct.Count == 0 || distinct[^1] != v)
            {
                distinct.Add(v);
            }
        }

        var result = new List<float>(maxBins);
        if (distinct.Count <= maxBins)
        {
            for (var k = 1; k < distinct.Count; k++)
            {
                Append(result, Midpoint(distinct[k - 1], distinct[k]));
            }
        }
        else
        {
            var last = sorted.Length - 1;
            for (var q = 1; q < maxBins; q++)
            {
                var position = (double)q * last / maxBins;
                var lo = (int)Math.Floor(position);
                var hi = (int)Math.Ceiling(position);
                Append(result, Midpoint(sorted[lo], sorted[hi]));
            }
        }

        return [.. result];
    }

    /// <summary>The midpoint as a float that still separates a from b (a ≤ t &lt; b).</summary>
    private static float Midpoint(float a, float b)
    {
        var t = (float)((a + (double)b) / 2);
        return t >= b ? a : t;
    }

    private static void Append(List<float> thresholds, float t)
    {
        if (thresholds.Count == 0 || t > thresholds[^1])
        {
            thresholds.Add(t);
        }
    }
}
