using Crucible.Stats.Profiles;

namespace Crucible.Stats.Tests.Profiles;

public sealed class ProfileMergeTests
{
    [Theory]
    [InlineData(150)]
    [InlineData(5_000)]
    public void Merge_is_commutative_bit_for_bit(int rows)
    {
        var rng = new Random(42);
        DatasetProfile a = ProfileData.Random(rng, rows), b = ProfileData.Random(rng, rows + 17, shift: 0.5);

        Assert.Equal(DatasetProfile.Merge(a, b).ToBytes(), DatasetProfile.Merge(b, a).ToBytes());
    }

    [Fact]
    public void MergeAll_does_not_depend_on_the_order_of_the_partials()
    {
        var rng = new Random(42);
        DatasetProfile[] parts = Enumerable.Range(0, 4).Select(i => ProfileData.Random(rng, 3_000 + (i * 100), shift: i * 0.1)).ToArray();
        byte[] expected = DatasetProfile.MergeAll(parts).ToBytes();

        Assert.Equal(expected, DatasetProfile.MergeAll(parts.Reverse()).ToBytes());
        Assert.Equal(expected, DatasetProfile.MergeAll([parts[2], parts[0], parts[3], parts[1]]).ToBytes());
    }

    [Fact]
    public void Merge_is_associative_exactly_while_the_sketches_are_exact()
    {
        var rng = new Random(42);
        DatasetProfile a = ProfileData.Random(rng, 60), b = ProfileData.Random(rng, 70, 1.0), c = ProfileData.Random(rng, 80, 2.0);

        DatasetProfile left = DatasetProfile.Merge(DatasetProfile.Merge(a, b), c);
        DatasetProfile right = DatasetProfile.Merge(a, DatasetProfile.Merge(b, c));

        ProfileAssert.SameContent(left, right, quantileTolerance: 0.0);
        Assert.Equal(210, left.RowCount);
    }

    [Fact]
    public void Merge_is_associative_within_the_KLL_bound_on_large_data()
    {
        var rng = new Random(42);
        DatasetProfile a = ProfileData.Random(rng, 20_000), b = ProfileData.Random(rng, 30_000, 1.0), c = ProfileData.Random(rng, 25_000, -1.0);

        DatasetProfile left = DatasetProfile.Merge(DatasetProfile.Merge(a, b), c);
        DatasetProfile right = DatasetProfile.Merge(a, DatasetProfile.Merge(b, c));

        ProfileAssert.SameContent(left, right, quantileTolerance: 2 * left["x"].Quantiles.NormalizedRankError(pmf: false));
    }

    [Fact]
    public void Merged_counts_equal_a_profile_of_all_rows()
    {
        var b1 = new ProfileBuilder();
        var b2 = new ProfileBuilder();
        var all = new ProfileBuilder();
        double[] values = [1, 2, double.NaN, double.PositiveInfinity, 3, 3];
        b1.Add("v", values.AsSpan(0, 3));
        b2.Add("v", values.AsSpan(3));
        b2.Add("only_in_b", "x");
        all.Add("v", values);

        DatasetProfile merged = DatasetProfile.Merge(b1.Build(), b2.Build());
        ColumnProfile v = merged["v"];

        Assert.Equal(6, merged.RowCount);
        Assert.Equal((4L, 1L, 1L), (v.NumericCount, v.NaNCount, v.InfinityCount));
        Assert.Equal(all.Build()["v"].Moments.Mean, v.Moments.Mean, 12);
        Assert.Equal([new(1.0, 1L), new(2.0, 1L), new(3.0, 2L)], v.DiscreteCounts!);
        Assert.Equal(5, merged["only_in_b"].NullCount);
        Assert.Equal(ColumnKind.Categorical, merged["only_in_b"].Kind);
    }

    [Fact]
    public void Merge_keeps_tags_both_sides_agree_on_and_the_window_union()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
        DatasetProfile a = new([], 1, t0, t0.AddHours(1), [new("deployment", "d"), new("replica", "r1")]);
        DatasetProfile b = new([], 2, t0.AddHours(1), t0.AddHours(2), [new("deployment", "d"), new("replica", "r2")]);

        DatasetProfile m = DatasetProfile.Merge(a, b);

        Assert.Equal(t0, m.WindowStart);
        Assert.Equal(t0.AddHours(2), m.WindowEnd);
        Assert.Equal([new("deployment", "d")], m.Tags);
    }

    [Fact]
    public void Discrete_counts_are_dropped_past_the_limit_in_any_merge_order()
    {
        var options = new ProfileOptions { DiscreteLimit = 10 };
        var a = new ProfileBuilder(options);
        var b = new ProfileBuilder(options);
        a.Add("n", Enumerable.Range(0, 6).Select(i => (double)i).ToArray());
        b.Add("n", Enumerable.Range(4, 6).Select(i => (double)i).ToArray());
        DatasetProfile pa = a.Build(), pb = b.Build();

        Assert.NotNull(DatasetProfile.Merge(pa, pb)["n"].DiscreteCounts);

        var c = new ProfileBuilder(options);
        c.Add("n", [100.0]);
        DatasetProfile pc = c.Build();
        Assert.Null(DatasetProfile.Merge(DatasetProfile.Merge(pa, pb), pc)["n"].DiscreteCounts);
        Assert.Null(DatasetProfile.Merge(pa, DatasetProfile.Merge(pb, pc))["n"].DiscreteCounts);
    }
}
