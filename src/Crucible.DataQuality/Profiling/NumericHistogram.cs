using Crucible.Stats.Sketches;

namespace Crucible.DataQuality.Profiling;

/// <summary>
/// Counts of a numeric column's cells in the bins [Edges[i], Edges[i+1]) (the last bin closed), read from
/// the column's KLL sketch: exact while the sketch holds every value, within its rank error beyond.
/// Integer columns spanning fewer than <see cref="MaxBins"/> values get one bin per value; others get
/// <see cref="MaxBins"/> equal-width bins from the minimum to the maximum.
/// </summary>
public sealed record NumericHistogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts)
{
    public const int MaxBins = 20;

    internal static NumericHistogram? Of(KllSketch sketch, bool integers)
    {
        if (sketch.IsEmpty)
        {
            return null;
        }

        double min = sketch.MinValue;
        double max = sketch.MaxValue;
        double[] edges;
        if (integers && max - min < MaxBins)
        {
            edges = [.. Enumerable.Range(0, (int)(max - min) + 2).Select(i => min - 0.5 + i)];
        }
        else if (max == min)
        {
            edges = [min - 0.5, min + 0.5];
        }
        else
        {
            double width = (max - min) / MaxBins;
            if (!double.IsFinite(width))
            {
                return null;
            }

            edges = [.. Enumerable.Range(0, MaxBins + 1).Select(i => i == MaxBins ? max : min + (i * width))];
        }

        double[] counts = KllHistogram.CountsForEdges(sketch, edges);
        return new NumericHistogram(edges, [.. counts.Select(c => (long)Math.Round(c))]);
    }
}
