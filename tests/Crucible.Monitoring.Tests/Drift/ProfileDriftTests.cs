using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Readers;
using Crucible.Stats.Drift;

namespace Crucible.Monitoring.Tests.Drift;

public sealed class ProfileDriftTests
{
    [Theory]
    [InlineData("x", "ks")]
    [InlineData("x", "wasserstein")]
    [InlineData("x", "jensenshannon")]
    [InlineData("x", "psi")]
    [InlineData("x", "linf")]
    [InlineData("level", "chisquare")]
    [InlineData("level", "jensenshannon")]
    [InlineData("level", "psi")]
    [InlineData("level", "linf")]
    [InlineData("flag", "z")]
    [InlineData("flag", "chisquare")]
    [InlineData("color", "chisquare")]
    [InlineData("color", "jensenshannon")]
    [InlineData("color", "psi")]
    [InlineData("color", "hellinger")]
    [InlineData("color", "linf")]
    public void Drift_from_exact_profiles_equals_drift_from_raw_arrays(string column, string test)
    {
        var rng = new Random(42);
        (RawTable rawRef, DatasetProfile profRef) = DriftData.Make(rng, 180, 0.0);
        (RawTable rawCur, DatasetProfile profCur) = DriftData.Make(rng, 150, 0.4);
        var options = new DriftOptions { Test = test, Columns = [column] };

        ColumnDrift fromRaw = Assert.Single(RawDrift.Compute(rawRef, rawCur, options).Columns);
        ColumnDrift fromProfiles = Assert.Single(ProfileDrift.Compute(profRef, profCur, options).Columns);

        Assert.True(fromProfiles.Exact);
        Assert.Equal(test, fromProfiles.Test);
        Assert.Equal(fromRaw.Statistic, fromProfiles.Statistic, 1e-9);
        Assert.Equal(fromRaw.PValue is null, fromProfiles.PValue is null);
        Assert.Equal(fromRaw.PValue ?? 0, fromProfiles.PValue ?? 0, 1e-9);
        Assert.Equal(fromRaw.Drift, fromProfiles.Drift);
    }

    [Theory]
    [InlineData(180, "ks", "chisquare", "z", "chisquare")]
    [InlineData(3_000, "wasserstein", "jensenshannon", "jensenshannon", "jensenshannon")]
    public void Default_tests_follow_Evidently_rule(int referenceRows, string x, string level, string flag, string color)
    {
        var rng = new Random(42);
        (RawTable rawRef, DatasetProfile profRef) = DriftData.Make(rng, referenceRows, 0.0);
        (RawTable rawCur, DatasetProfile profCur) = DriftData.Make(rng, 200, 0.0);

        foreach (DriftReport report in new[] { ProfileDrift.Compute(profRef, profCur), RawDrift.Compute(rawRef, rawCur) })
        {
            var tests = report.Columns.ToDictionary(c => c.Column, c => c.Test);
            Assert.Equal(new Dictionary<string, string> { ["color"] = color, ["flag"] = flag, ["level"] = level, ["x"] = x }, tests);
        }
    }

    [Fact]
    public void Large_shift_drifts_the_dataset_and_no_shift_does_not()
    {
        var rng = new Random(42);
        DatasetProfile reference = DriftData.Make(rng, 20_000, 0.0).Profile;
        DatasetProfile same = DriftData.Make(rng, 20_000, 0.0).Profile;
        DatasetProfile shifted = DriftData.Make(rng, 20_000, 1.0).Profile;

        DriftReport calm = ProfileDrift.Compute(reference, same);
        DriftReport drifted = ProfileDrift.Compute(reference, shifted);

        Assert.False(calm.DatasetDrift);
        Assert.Equal(0, calm.DriftedColumns);
        Assert.True(drifted.DatasetDrift);
        Assert.Equal(4, drifted.DriftedColumns);
        Assert.Equal(1.0, drifted.Share);
        Assert.Equal(["color", "flag", "level"], drifted.Columns.Where(c => c.Exact).Select(c => c.Column));
        Assert.Equal("profiles", drifted.Source);
    }

    [Fact]
    public void Threshold_drift_share_and_correction_are_applied()
    {
        var rng = new Random(42);
        (RawTable r, _) = DriftData.Make(rng, 300, 0.0);
        (RawTable c, _) = DriftData.Make(rng, 300, 0.25);

        DriftReport plain = RawDrift.Compute(r, c, new DriftOptions { Test = "ks", Columns = ["x", "level", "flag"] });
        DriftReport strict = RawDrift.Compute(r, c, new DriftOptions { Test = "ks", Threshold = 1e-12, Columns = ["x", "level", "flag"] });
        DriftReport bonferroni = RawDrift.Compute(r, c, new DriftOptions
        {
            Test = "ks", Columns = ["x", "level", "flag"], Correction = MultipleTestingCorrection.Bonferroni, DriftShare = 0.3,
        });

        Assert.All(strict.Columns, col => Assert.Equal(1e-12, col.Threshold));
        Assert.Equal(0, strict.DriftedColumns);
        Assert.Equal("bonferroni", bonferroni.Correction);
        Assert.Equal(0.3, bonferroni.DriftShare);
        Assert.All(bonferroni.Columns, col => Assert.Equal(col.PValue <= 0.05 / 3, col.Drift));
        Assert.True(plain.DriftedColumns >= bonferroni.DriftedColumns);
    }

    [Fact]
    public void Unusable_columns_are_skipped_with_a_reason_and_bad_options_throw()
    {
        var b1 = new ProfileBuilder();
        var b2 = new ProfileBuilder();
        for (int i = 0; i < 100; i++)
        {
            b1.Add("id", $"user-{i}");
            b2.Add("id", $"user-{i + 1000}");
            b1.Add("mixed", (double)i);
            b2.Add("mixed", $"v{i % 3}");
            b1.AddNull("empty");
            b2.Add("empty", 1.0);
        }

        DriftReport report = ProfileDrift.Compute(b1.Build(), b2.Build());

        Assert.Empty(report.Columns);
        Assert.Equal(["empty", "id", "mixed"], report.Skipped.Select(s => s.Column));
        Assert.Contains("text column", report.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.False(report.DatasetDrift);
        Assert.Throws<ArgumentException>(() => ProfileDrift.Compute(b1.Build(), b2.Build(), new DriftOptions { Test = "t-test" }));
        Assert.Throws<ArgumentException>(() => ProfileDrift.Compute(b1.Build(), b2.Build(), new DriftOptions { Columns = ["nope"] }));
    }
}
