using Crucible.Stats.Distributions;
using Crucible.Stats.Sketches;

namespace Crucible.Stats.Drift;

/// <summary>Drift from profiles (sketches) instead of rows.</summary>
public sealed partial class DriftCalculator
{
    /// <summary>
    /// Runs the test on two KLL sketches. ks: D = max |F_ref - F_cur| over the union of retained
    /// items, p-value from the sketches' n (exact while the sketches are exact). wasserstein:
    /// ∫|F_ref - F_cur| over the same grid, normed by the reference sketch's weighted std (or the
    /// given one, e.g. from a <see cref="MomentsSketch"/>). Binned tests: reference-quantile bins
    /// (<see cref="DriftTestSettings.SketchBins"/>) and each sketch's PMF over them; chisquare uses
    /// the binned counts. The z-test is not meaningful on numeric sketches.
    /// </summary>
    public DriftTestResult Compute(KllSketch reference, KllSketch current, double? referenceStdDev = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.IsEmpty || current.IsEmpty)
        {
            throw new ArgumentException("Both sketches must hold at least one value.");
        }

        switch (Descriptor.Name)
        {
            case DriftTestNames.KolmogorovSmirnov:
            {
                double d = MaxCdfGap(reference, current, out _);
                KsTestResult ks = KolmogorovSmirnovTwoSample.PValue(d, reference.N, current.N, Settings.KsMethod);
                return Finish(new TestOutcome(ks.Statistic, ks.PValue));
            }

            case DriftTestNames.Wasserstein:
            {
                MaxCdfGap(reference, current, out double area);
                double wd = area;
                if (Settings.NormalizeWasserstein)
                {
                    wd /= Math.Max(referenceStdDev ?? WeightedStd(reference), 0.001);
                }

                return Finish(new TestOutcome(wd, null));
            }

            case DriftTestNames.ZTest:
                throw new NotSupportedException("The z-test needs binary categories, not a numeric sketch.");
            default:
            {
                double[] splits = KllHistogram.QuantileSplits(reference, Settings.SketchBins);
                double[] r = KllHistogram.Counts(reference, splits);
                double[] c = KllHistogram.Counts(current, splits);
                return Compute(new CategoryTable(r, c));
            }
        }
    }

    /// <summary>
    /// Runs a categorical test on two frequent-item sketches: counts are the stored counters of the
    /// union of items, plus one "other" bucket for weight the sketches no longer attribute.
    /// Exact (equal to the raw-data result) while both sketches have Offset = 0.
    /// </summary>
    public DriftTestResult Compute(FrequentItemsSketch reference, FrequentItemsSketch current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var r = reference.StoredCounts().ToDictionary(kv => kv.Key, kv => (double)kv.Value, StringComparer.Ordinal);
        var c = current.StoredCounts().ToDictionary(kv => kv.Key, kv => (double)kv.Value, StringComparer.Ordinal);
        double rOther = reference.N - r.Values.Sum();
        double cOther = current.N - c.Values.Sum();
        CategoryTable table = CategoryTable.Build(r, c, StringComparer.Ordinal);
        if (rOther > 0 || cOther > 0)
        {
            var rc = new List<double>(table.Count + 1);
            var cc = new List<double>(table.Count + 1);
            for (int i = 0; i < table.Count; i++)
            {
                rc.Add(table.ReferenceCount(i));
                cc.Add(table.CurrentCount(i));
            }

            rc.Add(rOther);
            cc.Add(cOther);
            table = new CategoryTable(rc, cc);
        }

        return Compute(table);
    }

    // Walks the union of both sketches' retained items: returns max |F₁ - F₂| (inclusive CDFs) and
    // the area between the step CDFs.
    private static double MaxCdfGap(KllSketch a, KllSketch b, out double area)
    {
        IReadOnlyList<(double Item, long Weight)> ia = a.WeightedItems();
        IReadOnlyList<(double Item, long Weight)> ib = b.WeightedItems();
        double na = a.N, nb = b.N;
        int i = 0, j = 0;
        long wa = 0, wb = 0;
        double d = 0.0;
        area = 0.0;
        double previous = Math.Min(ia[0].Item, ib[0].Item);
        while (i < ia.Count || j < ib.Count)
        {
            double x = i < ia.Count && (j >= ib.Count || ia[i].Item <= ib[j].Item) ? ia[i].Item : ib[j].Item;
            area += Math.Abs((wa / na) - (wb / nb)) * (x - previous);
            while (i < ia.Count && ia[i].Item <= x)
            {
                wa += ia[i++].Weight;
            }

            while (j < ib.Count && ib[j].Item <= x)
            {
                wb += ib[j++].Weight;
            }

            d = Math.Max(d, Math.Abs((wa / na) - (wb / nb)));
            previous = x;
        }

        return d;
    }

    private static double WeightedStd(KllSketch s)
    {
        double n = s.N, mean = 0.0, ss = 0.0;
        foreach ((double item, long w) in s.WeightedItems())
        {
            mean += item * w / n;
        }

        foreach ((double item, long w) in s.WeightedItems())
        {
            ss += w * (item - mean) * (item - mean);
        }

        return Math.Sqrt(ss / n);
    }
}
