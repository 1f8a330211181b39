using Crucible.Stats.Sketches;

namespace Crucible.Stats.Tests.Sketches;

public sealed class HyperLogLogSketchTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(200_000)]
    public void Estimate_is_within_three_standard_errors(int distinct)
    {
        var s = new HyperLogLogSketch();
        for (int rep = 0; rep < 2; rep++)
        {
            for (int i = 0; i < distinct; i++)
            {
                s.Update(i * 1.5);
            }
        }

        double tolerance = Math.Max(1.0, 3 * s.RelativeStandardError * distinct);
        Assert.InRange(s.Estimate(), distinct - tolerance, distinct + tolerance);
        Assert.True(s.LowerBound() <= s.Estimate() && s.Estimate() <= s.UpperBound());
    }

    [Fact]
    public void Strings_and_signed_zero_hash_consistently()
    {
        Assert.Equal(Hash64.Of(0.0), Hash64.Of(-0.0));
        Assert.NotEqual(Hash64.Of("a"), Hash64.Of("b"));
        Assert.Equal(Hash64.Of(new string('x', 1000)), Hash64.Of(new string('x', 1000)));
        var s = new HyperLogLogSketch();
        for (int i = 0; i < 5000; i++)
        {
            s.Update($"user-{i % 2500}");
        }

        Assert.InRange(s.Estimate(), 2500 * 0.94, 2500 * 1.06);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Merge_gives_exactly_equal_registers_in_any_order(int seed)
    {
        var rng = new Random(seed);
        HyperLogLogSketch[] parts = Enumerable.Range(0, 3).Select(_ =>
        {
            var h = new HyperLogLogSketch();
            for (int i = 0; i < 20_000; i++)
            {
                h.Update((double)rng.Next(50_000));
            }

            return h;
        }).ToArray();
        HyperLogLogSketch Copy(HyperLogLogSketch h) => HyperLogLogSketch.Deserialize(BlobAssert.Bytes(h.Serialize));

        HyperLogLogSketch ab = Copy(parts[0]); ab.Merge(parts[1]);
        HyperLogLogSketch ba = Copy(parts[1]); ba.Merge(parts[0]);
        Assert.True(ab.Registers.SequenceEqual(ba.Registers));
        HyperLogLogSketch left = Copy(ab); left.Merge(parts[2]);
        HyperLogLogSketch bc = Copy(parts[1]); bc.Merge(parts[2]);
        HyperLogLogSketch right = Copy(parts[0]); right.Merge(bc);
        Assert.True(left.Registers.SequenceEqual(right.Registers));
        Assert.Throws<ArgumentException>(() => left.Merge(new HyperLogLogSketch(10)));
    }

    [Fact]
    public void Serialization_round_trips_and_rejects_damage()
    {
        var s = new HyperLogLogSketch(8);
        for (int i = 0; i < 300; i++)
        {
            s.Update(i);
        }

        byte[] blob = BlobAssert.Bytes(s.Serialize);
        HyperLogLogSketch back = HyperLogLogSketch.Deserialize(blob);
        Assert.Equal(s.Estimate(), back.Estimate());
        Assert.Equal(blob, BlobAssert.Bytes(back.Serialize));
        BlobAssert.RejectsDamage(blob, b => HyperLogLogSketch.Deserialize(b), stride: 3);
    }
}
