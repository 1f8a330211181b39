using System.Globalization;
using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Capture;

/// <summary>
/// Profiles a tensor that is not tabular (rank 3 or more, or [N, C] with more than
/// <see cref="PredictionProfiles.MaxTabularColumns"/> columns) with a fixed set of columns per tensor, whatever its
/// size: per row, over the row's elements (a strided sample of at most <see cref="Core.Serving.CaptureLimits.MaxElementsPerRow"/>
/// of them when the row is wider), <c>x.mean</c>, <c>x.std</c> (population), <c>x.min</c>, <c>x.max</c>,
/// <c>x.p05</c>, <c>x.p50</c>, <c>x.p95</c> (linear interpolation, as numpy), <c>x.zero_fraction</c> and
/// <c>x.non_finite_fraction</c>; and for rank 3 or more with at most <see cref="PredictionProfiles.MaxChannels"/>
/// channels (axis 1), <c>x.channel[c].mean</c> and <c>x.channel[c].std</c>. The statistics are over the row's finite
/// numbers; NaN and ±∞ count only in <c>non_finite_fraction</c> (the two fractions are of the row's numbers); a row
/// without a finite number gets missing values. Strings and booleans are left out.
/// </summary>
internal static class TensorSummary
{
    private static readonly string[] Names = ["mean", "std", "min", "max", "p05", "p50", "p95", "zero_fraction", "non_finite_fraction"];

    /// <summary>Columns this rule gives a tensor of <paramref name="channels"/> channels (0: none profiled per channel).</summary>
    public static int ColumnCount(int channels) => Names.Length + (2 * channels);

    /// <summary>
    /// Adds the rows of a tensor to its summary columns. Row r's profiled elements are its flat elements 0, stride,
    /// 2·stride, ... (<paramref name="perRow"/> of the row's <paramref name="width"/>), found in <paramref name="data"/>
    /// at r·<paramref name="rowStep"/> + m·<paramref name="elementStep"/> (a logged sample is dense, a whole tensor is
    /// not); <paramref name="channels"/> (0 for none) splits a row into equal channel blocks.
    /// </summary>
    public static void Add(
        ProfileBuilder builder, string name, PredictionProfiles.FlatData data, int rows, long width, long stride, int perRow, long rowStep, long elementStep, int channels)
    {
        var columns = new ColumnProfile[Names.Length];
        for (var i = 0; i < Names.Length; i++)
        {
            columns[i] = builder.Column($"{name}.{Names[i]}");
        }

        var channelColumns = new (ColumnProfile Mean, ColumnProfile Std)[channels];
        for (var c = 0; c < channels; c++)
        {
            channelColumns[c] = (
                builder.Column(string.Create(CultureInfo.InvariantCulture, $"{name}.channel[{c}].mean")),
                builder.Column(string.Create(CultureInfo.InvariantCulture, $"{name}.channel[{c}].std")));
        }

        long channelSize = channels == 0 ? 1 : width / channels;
        var finite = new double[perRow];
        var channelSums = new (double Sum, double Squares, long Count)[channels];
        for (var row = 0; row < rows; row++)
        {
            int n = 0, numeric = 0, zeros = 0;
            Array.Clear(channelSums);
            for (var m = 0; m < perRow; m++)
            {
                if (!data.TryGetNumber((int)((row * rowStep) + (m * elementStep)), out double value))
                {
                    continue;
                }

                numeric++;
                if (!double.IsFinite(value))
                {
                    continue;
                }

                zeros += value == 0 ? 1 : 0;
                finite[n++] = value;
                if (channels > 0)
                {
                    var c = (int)Math.Min(channels - 1, m * stride / channelSize);
                    channelSums[c] = (channelSums[c].Sum + value, channelSums[c].Squares + (value * value), channelSums[c].Count + 1);
                }
            }

            AddRow(columns, finite.AsSpan(0, n), numeric, zeros);
            for (var c = 0; c < channels; c++)
            {
                var (sum, squares, count) = channelSums[c];
                if (count == 0)
                {
                    channelColumns[c].Mean.AddNull();
                    channelColumns[c].Std.AddNull();
                    continue;
                }

                double mean = sum / count;
                channelColumns[c].Mean.Add(mean);
                channelColumns[c].Std.Add(Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean))));
            }
        }
    }

    private static void AddRow(ColumnProfile[] columns, Span<double> finite, int numeric, int zeros)
    {
        if (finite.Length == 0)
        {
            for (var i = 0; i < columns.Length - 2; i++)
            {
                columns[i].AddNull();
            }

            if (numeric == 0)
            {
                columns[^2].AddNull();
                columns[^1].AddNull();
            }
            else
            {
                columns[^2].Add(0);
                columns[^1].Add(1);
            }

            return;
        }

        finite.Sort();
        double sum = 0;
        foreach (var v in finite)
        {
            sum += v;
        }

        double mean = sum / finite.Length, squares = 0;
        foreach (var v in finite)
        {
            squares += (v - mean) * (v - mean);
        }

        columns[0].Add(mean);
        columns[1].Add(Math.Sqrt(squares / finite.Length));
        columns[2].Add(finite[0]);
        columns[3].Add(finite[^1]);
        columns[4].Add(Quantile(finite, 0.05));
        columns[5].Add(Quantile(finite, 0.5));
        columns[6].Add(Quantile(finite, 0.95));
        columns[7].Add((double)zeros / numeric);
        columns[8].Add((double)(numeric - finite.Length) / numeric);
    }

    /// <summary>numpy's default ("linear") quantile of sorted values.</summary>
    private static double Quantile(Span<double> sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(sorted.Length - 1, below + 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
