using Crucible.Stats.Sketches;

namespace Crucible.Stats.Tests.Sketches;

public sealed class FrequentItemsSketchTests
{
    [Fact]
    public void Exact_below_map_size()
    {
        var s = new FrequentItemsSketch();
        foreach (string x in new[] { "a", "b", "a", "c", "a", "b" })
        {
            s.Update(x);
        }

        Assert.Equal(0, s.Offset);
        IReadOnlyList<FrequentItem> top = s.TopK(2);
        Assert.Equal(new FrequentItem("a", 3, 3, 3), top[0]);
        Assert.Equal(new FrequentItem("b", 2, 2, 2), top[1]);
        Assert.Equal(0, s.Get("zzz").UpperBound);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Bounds_hold_on_skewed_streams_and_after_merges_in_any_order(int seed)
    {
        var rng = new Random(seed);
        string[][] parts = Enumerable.Range(0, 3).Select(_ =>
            Enumerable.Range(0, 30_000).Select(_ => $"i{(int)Math.Floor(Math.Pow(rng.NextDouble(), 3) * 5000)}").ToArray()).ToArray();
        FrequentItemsSketch S(int i)
        {
            var s = new FrequentItemsSketch(64);
            foreach (string x in parts[i])
            {
                s.Update(x);
            }

            return s;
        }

        FrequentItemsSketch abc = S(0); abc.Merge(S(1)); abc.Merge(S(2));
        FrequentItemsSketch cba = S(2); cba.Merge(S(1)); cba.Merge(S(0));
        FrequentItemsSketch bc = S(1); bc.Merge(S(2));
        FrequentItemsSketch aBc = S(0); aBc.Merge(bc);
        var truth = parts.SelectMany(p => p).GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        foreach (FrequentItemsSketch s in new[] { abc, cba, aBc })
        {
            Assert.Equal(90_000, s.N);
            Assert.True(s.Count <= 64);
            foreach ((string item, long count) in truth)
            {
                FrequentItem f = s.Get(item);
                Assert.InRange(count, f.LowerBound, f.UpperBound);
            }

            // The heaviest item (i0, ~14% of the stream) is found by every merge order.
            Assert.Equal("i0", s.TopK(1)[0].Item);
        }
    }

    [Fact]
    public void Serialization_round_trips_and_rejects_damage()
    {
        var s = new FrequentItemsSketch(4);
        foreach (string x in new[] { "α", "β", "α", "γ", "δ", "ε", "α", "longer item" })
        {
            s.Update(x);
        }

        byte[] blob = BlobAssert.Bytes(s.Serialize);
        FrequentItemsSketch back = FrequentItemsSketch.Deserialize(blob);
        Assert.Equal(blob, BlobAssert.Bytes(back.Serialize));
        Assert.Equal(s.Offset, back.Offset);
        Assert.Equal(s.TopK(10), back.TopK(10));
        BlobAssert.RejectsDamage(blob, b => FrequentItemsSketch.Deserialize(b));
    }
}
