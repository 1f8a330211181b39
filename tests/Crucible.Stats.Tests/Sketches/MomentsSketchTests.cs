using Crucible.Stats.Sketches;

namespace Crucible.Stats.Tests.Sketches;

public sealed class MomentsSketchTests
{
    [Fact]
    public void Hand_checked_small_case()
    {
        var s = new MomentsSketch();
        s.Update([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(8, s.Count);
        Assert.Equal(5.0, s.Mean, 12);
        Assert.Equal(4.0, s.PopulationVariance, 12);
        Assert.Equal(32.0 / 7.0, s.SampleVariance, 12);
        Assert.Equal(2.0, s.Min);
        Assert.Equal(9.0, s.Max);
        Assert.Equal(40.0, s.Sum);
        Assert.Equal(32.0, s.M2, 12);
    }

    [Fact]
    public void Empty_and_nan_handling()
    {
        var s = new MomentsSketch();
        Assert.True(double.IsNaN(s.Mean));
        s.Update(double.NaN);
        Assert.Equal(0, s.Count);
        s.Update(3.0);
        Assert.True(double.IsNaN(s.SampleVariance));
        Assert.Equal(0.0, s.PopulationVariance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Merge_is_commutative_exactly_and_associative_to_1e12(int seed)
    {
        var rng = new Random(seed);
        double[][] parts = Enumerable.Range(0, 3)
            .Select(_ => Enumerable.Range(0, rng.Next(1, 5000)).Select(_ => 1e6 + (rng.NextDouble() * 100)).ToArray())
            .ToArray();
        MomentsSketch A() => Of(parts[0]);
        MomentsSketch B() => Of(parts[1]);
        MomentsSketch C() => Of(parts[2]);

        MomentsSketch ab = A(); ab.Merge(B());
        MomentsSketch ba = B(); ba.Merge(A());
        Assert.Equal(ab.Mean, ba.Mean);
        Assert.Equal(ab.M2, ba.M2);
        Assert.Equal(ab.Sum, ba.Sum);

        MomentsSketch left = A(); left.Merge(B()); left.Merge(C());
        MomentsSketch bc = B(); bc.Merge(C());
        MomentsSketch right = A(); right.Merge(bc);
        MomentsSketch whole = Of([.. parts[0], .. parts[1], .. parts[2]]);
        foreach (MomentsSketch other in new[] { right, whole })
        {
            Assert.Equal(left.Count, other.Count);
            Relative(left.Mean, other.Mean);
            Relative(left.M2, other.M2);
            Relative(left.Sum, other.Sum);
            Assert.Equal(left.Min, other.Min);
            Assert.Equal(left.Max, other.Max);
        }
    }

    [Fact]
    public void Merge_with_empty_is_identity()
    {
        MomentsSketch s = Of([1, 2, 3]);
        s.Merge(new MomentsSketch());
        var e = new MomentsSketch();
        e.Merge(s);
        Assert.Equal(s.Mean, e.Mean);
        Assert.Equal(s.M2, e.M2);
        Assert.Equal(3, e.Count);
    }

    [Fact]
    public void Serialization_round_trips_and_rejects_damage()
    {
        MomentsSketch s = Of([1.5, -2, 8, 1e9]);
        byte[] blob = BlobAssert.Bytes(s.Serialize);
        Assert.Equal(1, blob[0]);
        MomentsSketch back = MomentsSketch.Deserialize(blob);
        Assert.Equal(blob, BlobAssert.Bytes(back.Serialize));
        Assert.Equal(s.M2, back.M2);
        BlobAssert.RejectsDamage(blob, b => MomentsSketch.Deserialize(b));
        Assert.Equal(0, MomentsSketch.Deserialize(BlobAssert.Bytes(new MomentsSketch().Serialize)).Count);
    }

    private static MomentsSketch Of(double[] values)
    {
        var s = new MomentsSketch();
        s.Update(values);
        return s;
    }

    private static void Relative(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1.0, Math.Abs(expected)), $"{expected:R} vs {actual:R}");
}
