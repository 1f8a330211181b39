using Crucible.DataQuality.Profiling;
using Crucible.Stats.Profiles;
using DataQualityProfile = Crucible.DataQuality.Profiling.DatasetProfile;
using MergeableProfile = Crucible.Stats.Profiles.DatasetProfile;

namespace Crucible.DataQuality.Tests;

/// <summary>Issue 14: the data-quality scan builds Stats' one mergeable profile model, the one monitoring uses.</summary>
public sealed class MergeableProfileTests
{
    [Fact]
    public void The_scan_fills_the_mergeable_profile_its_columns_are_read_from()
    {
        DataQualityProfile profile = DatasetProfiler.Profile(FixturePaths.Of("clean.csv"));

        MergeableProfile sketches = profile.Sketches!;
        Assert.Equal(profile.RowCount, sketches.RowCount);
        Assert.Equal(profile.Columns.Select(c => c.Name).Order(StringComparer.Ordinal), sketches.ColumnNames);
        foreach (Crucible.DataQuality.Profiling.ColumnProfile column in profile.Columns)
        {
            Crucible.Stats.Profiles.ColumnProfile mergeable = sketches[column.Name];
            Assert.Equal(column.NullCount, mergeable.NullCount);
            Assert.Equal(profile.RowCount, mergeable.Count);
            Assert.Equal(column.Mean, mergeable.NumericCount > 0 ? mergeable.Moments.Mean : null);
            Assert.Equal(column.P50, mergeable.NumericCount > 0 ? mergeable.Quantiles.Quantile(0.5) : null);
        }

        Assert.Equal(ColumnKind.Numeric, sketches["x1"].Kind);
        Assert.Equal(ColumnKind.Categorical, sketches["segment"].Kind);
        Assert.Equal(4, sketches["segment"].DistinctEstimate());
    }

    [Fact]
    public void Two_scans_merge_and_round_trip_through_the_stored_format()
    {
        using var temp = new Crucible.TestSupport.TempDirectory();
        string first = temp.File("a.csv"), second = temp.File("b.csv");
        File.WriteAllLines(first, ["x,color", .. Enumerable.Range(0, 100).Select(i => $"{i},{(i % 3 == 0 ? "red" : "blue")}")]);
        File.WriteAllLines(second, ["x,color", .. Enumerable.Range(100, 50).Select(i => $"{i},"), "oops,green"]);

        MergeableProfile a = DatasetProfiler.Profile(first).Sketches!;
        MergeableProfile b = MergeableProfile.FromBytes(DatasetProfiler.Profile(second).Sketches!.ToBytes());
        MergeableProfile merged = MergeableProfile.Merge(a, b);

        Assert.Equal(151, merged.RowCount);
        Assert.Equal(150, merged["x"].NumericCount);
        Assert.Equal(1, merged["x"].StringCount);
        Assert.Equal(74.5, merged["x"].Moments.Mean, 12);
        Assert.Equal(50, merged["color"].NullCount);
        Assert.Equal(["blue", "red", "green"], merged["color"].FrequentStrings.TopK(3).Select(f => f.Item));
    }
}
