using Crucible.Stats.Profiles;

namespace Crucible.Stats.Tests.Profiles;

/// <summary>Profiles already stored (written before the model moved to Stats) still load; see golden/README.md.</summary>
public sealed class StoredFormatTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Profiles", "golden", "profile-v1.bin");

    [Fact]
    public void A_profile_written_by_the_Monitoring_model_loads_with_the_values_it_was_written_with()
    {
        DatasetProfile p = DatasetProfile.FromBytes(File.ReadAllBytes(Fixture));

        Assert.Equal(1000, p.RowCount);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), p.WindowStart);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero), p.WindowEnd);
        Assert.Equal(["deployment=churn", "model_version=3", "replica=r1"], p.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(["color", "level", "sparse", "x"], p.ColumnNames);

        ColumnProfile level = p["level"];
        Assert.Equal(ColumnKind.Numeric, level.Kind);
        Assert.Equal(1.4999999999999984, level.Moments.Mean);
        Assert.Equal(1.1185934253567076, level.Moments.SampleStdDev);
        Assert.Equal([(0.0, 250L), (1.0, 250L), (2.0, 250L), (3.0, 250L)], level.DiscreteCounts!.Select(kv => (kv.Key, kv.Value)));

        ColumnProfile sparse = p["sparse"];
        Assert.Equal((100L, 9L, 9L, 1000L), (sparse.NullCount, sparse.NaNCount, sparse.InfinityCount, sparse.Count));
        Assert.Equal(876, sparse.DistinctEstimate());
        Assert.False(sparse.HasDiscreteCounts);

        ColumnProfile x = p["x"];
        Assert.Equal(-9.889902065507036, x.Moments.Min);
        Assert.Equal(19.875229556605262, x.Moments.Max);
        Assert.Equal(4.923205119741983, x.Quantiles.Quantile(0.5));

        ColumnProfile color = p["color"];
        Assert.Equal(ColumnKind.Categorical, color.Kind);
        Assert.Equal(["red", "green", "blue"], color.FrequentStrings.TopK(3).Select(f => f.Item));
        Assert.Equal(4, color.DistinctEstimate());
    }

    [Fact]
    public void The_stored_format_is_still_the_one_written()
    {
        byte[] stored = File.ReadAllBytes(Fixture);

        Assert.Equal(stored, DatasetProfile.FromBytes(stored).ToBytes());
        Assert.Equal(1, DatasetProfile.FormatVersion);
    }

    [Fact]
    public void A_stored_profile_merges_with_one_built_today()
    {
        DatasetProfile stored = DatasetProfile.FromBytes(File.ReadAllBytes(Fixture));
        var b = new ProfileBuilder();
        b.Add("level", 7.0);
        b.Add("color", "purple");
        b.CountRows(1);

        DatasetProfile merged = DatasetProfile.Merge(stored, b.Build());

        Assert.Equal(1001, merged.RowCount);
        Assert.Equal(5, merged["level"].DistinctEstimate());
        Assert.Equal(5, merged["color"].DistinctEstimate());
        Assert.Equal(1001, merged["x"].Count);
        Assert.Equal(1, merged["x"].NullCount);
    }
}
