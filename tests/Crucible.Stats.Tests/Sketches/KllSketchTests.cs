using Crucible.Stats.Sketches;

namespace Crucible.Stats.Tests.Sketches;

public sealed class KllSketchTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void A_span_update_gives_the_same_sketch_as_value_by_value_updates(int batch)
    {
        var rng = new Random(3);
        double[] data = [.. Enumerable.Range(0, 200_000).Select(i => i % 97 == 0 ? double.NaN : rng.NextDouble() - 0.5)];
        var one = new KllSketch();
        var spans = new KllSketch();

        foreach (double v in data)
        {
            one.Update(v);
        }

        for (int i = 0; i < data.Length; i += batch)
        {
            spans.Update(data.AsSpan(i, Math.Min(batch, data.Length - i)));
        }

        Assert.Equal(BlobAssert.Bytes(one.Serialize), BlobAssert.Bytes(spans.Serialize));
        Assert.Equal(one.N, spans.N);
        Assert.Equal(one.MinValue, spans.MinValue);
        Assert.Equal(one.MaxValue, spans.MaxValue);
    }

    [Fact]
    public void Exact_while_below_capacity()
    {
        var s = new KllSketch();
        double[] data = [5, 1, 4, 2, 3];
        s.Update(data);
        Assert.Equal(5, s.N);
        Assert.Equal(1.0, s.Quantile(0));
        Assert.Equal(3.0, s.Quantile(0.5));
        Assert.Equal(5.0, s.Quantile(1));
        Assert.Equal(2.0, s.Quantile(0.4)); // smallest item with rank ≥ 0.4
        Assert.Equal(0.6, s.Rank(3.0), 12);
        Assert.Equal(0.4, s.Rank(3.0, inclusive: false), 12);
        Assert.Equal([0.2, 0.8, 1.0], s.Cdf([1.0, 4.0]));
        Assert.Equal([0.0, 0.6, 0.4], s.Pmf([1.0, 4.0]));
    }

    [Fact]
    public void Error_bound_formula_matches_published_constants()
    {
        Assert.Equal(2.296 / Math.Pow(256, 0.9723), KllSketch.NormalizedRankError(256, pmf: false), 15);
        Assert.InRange(KllSketch.NormalizedRankError(256, pmf: false), 0.0104, 0.0106);
        Assert.InRange(KllSketch.NormalizedRankError(256, pmf: true), 0.0130, 0.0132);
        Assert.True(KllSketch.NormalizedRankError(1024, false) < KllSketch.NormalizedRankError(256, false));
    }

    public static TheoryData<string> Orders => new() { "random", "sorted", "reversed", "duplicates", "zoomin" };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Rank_error_stays_within_bound_for_one_million_items(string order)
    {
        double[] data = Stream(order, 1_000_000, seed: 7);
        var s = new KllSketch();
        s.Update(data);
        Assert.Equal(data.Length, s.N);
        Assert.True(s.RetainedItems < 3 * 256 + 200, $"retained {s.RetainedItems}");
        double worst = MaxRankError(s, data);
        Assert.True(worst <= s.NormalizedRankError(pmf: false), $"{order}: max rank error {worst}");
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Merge_in_any_order_stays_within_bound(int seed)
    {
        var rng = new Random(seed);
        double[][] parts = Enumerable.Range(0, 3)
            .Select(p => Enumerable.Range(0, 60_000 + rng.Next(40_000)).Select(_ => (rng.NextDouble() * 10) + p).ToArray())
            .ToArray();
        double[] all = [.. parts[0], .. parts[1], .. parts[2]];
        KllSketch S(int i) => Of(parts[i], (ulong)(seed * 10) + (ulong)i);

        KllSketch ab = S(0); ab.Merge(S(1));
        KllSketch ba = S(1); ba.Merge(S(0));
        KllSketch abc = S(0); abc.Merge(S(1)); abc.Merge(S(2));
        KllSketch bc = S(1); bc.Merge(S(2));
        KllSketch aBc = S(0); aBc.Merge(bc);
        double bound = KllSketch.NormalizedRankError(256, pmf: false);
        Assert.True(MaxRankError(ab, [.. parts[0], .. parts[1]]) <= bound);
        Assert.True(MaxRankError(ba, [.. parts[0], .. parts[1]]) <= bound);
        Assert.True(MaxRankError(abc, all) <= bound);
        Assert.True(MaxRankError(aBc, all) <= bound);
        Assert.Equal(all.Length, aBc.N);
        Assert.Equal(all.Min(), aBc.MinValue);
        Assert.Equal(all.Max(), aBc.MaxValue);
        foreach (double q in new[] { 0.1, 0.5, 0.9 })
        {
            Assert.True(Math.Abs(abc.Rank(aBc.Quantile(q)) - q) <= 2 * bound);
        }
    }

    [Fact]
    public void Same_seed_gives_identical_sketches_and_serialization_round_trips()
    {
        double[] data = Stream("random", 50_000, seed: 3);
        KllSketch a = Of(data, 42), b = Of(data, 42);
        byte[] blob = BlobAssert.Bytes(a.Serialize);
        Assert.Equal(blob, BlobAssert.Bytes(b.Serialize));
        KllSketch back = KllSketch.Deserialize(blob);
        Assert.Equal(blob, BlobAssert.Bytes(back.Serialize));
        Assert.Equal(a.Quantile(0.37), back.Quantile(0.37));
        // The coin state travels with the blob: continuing both gives the same result.
        a.Update(data);
        back.Update(data);
        Assert.Equal(BlobAssert.Bytes(a.Serialize), BlobAssert.Bytes(back.Serialize));
    }

    [Fact]
    public void Damaged_blobs_are_rejected()
    {
        byte[] blob = BlobAssert.Bytes(Of(Stream("random", 3_000, seed: 5), 1).Serialize);
        BlobAssert.RejectsDamage(blob, b => KllSketch.Deserialize(b), stride: 7);
        Assert.Throws<InvalidDataException>(() => KllSketch.Deserialize(BlobAssert.Bytes(new MomentsSketch().Serialize)));
    }

    [Fact]
    public void Histogram_from_sketch_uses_numpy_bin_semantics()
    {
        KllSketch s = Of([1, 2, 2, 3, 4, 5], 1);
        Assert.Equal([1.0, 2.0, 3.0], KllHistogram.CountsForEdges(s, [1.0, 2.0, 3.0, 5.0]));
        Assert.Equal([1.0, 3.0, 2.0], KllHistogram.Counts(s, [2.0, 4.0]));
        KllSketch big = Of(Stream("random", 200_000, 9), 1);
        double[] splits = KllHistogram.QuantileSplits(big, 10);
        double[] counts = KllHistogram.Counts(big, splits);
        Assert.Equal(big.N, counts.Sum(), 6);
        Assert.All(counts, c => Assert.InRange(c / big.N, 0.1 - 0.03, 0.1 + 0.03));
    }

    private static KllSketch Of(double[] data, ulong seed)
    {
        var s = new KllSketch(seed: seed);
        s.Update(data);
        return s;
    }

    internal static double[] Stream(string order, int n, int seed)
    {
        var rng = new Random(seed);
        double[] d = order switch
        {
            "duplicates" => Enumerable.Range(0, n).Select(_ => (double)rng.Next(20)).ToArray(),
            _ => Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray(),
        };
        switch (order)
        {
            case "sorted":
                Array.Sort(d);
                break;
            case "reversed":
                Array.Sort(d);
                Array.Reverse(d);
                break;
            case "zoomin":
                // Alternating from both ends towards the middle.
                Array.Sort(d);
                d = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? d[i / 2] : d[n - 1 - (i / 2)]).ToArray();
                break;
        }

        return d;
    }

    // Max |estimated inclusive rank - true inclusive rank| over 1000 evenly spaced true quantiles.
    internal static double MaxRankError(KllSketch s, double[] data)
    {
        double[] sorted = (double[])data.Clone();
        Array.Sort(sorted);
        double worst = 0.0;
        for (int i = 0; i < 1000; i++)
        {
            double x = sorted[(int)((long)i * (sorted.Length - 1) / 999)];
            int upper = UpperBound(sorted, x);
            double truth = (double)upper / sorted.Length;
            worst = Math.Max(worst, Math.Abs(s.Rank(x) - truth));
        }

        return worst;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
