using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Tests;

public sealed class CheckTests
{
    private static readonly CheckOptions WithReference = new() { Label = "label", Reference = FixturePaths.Of("train_reference.csv") };

    [Fact]
    public void The_clean_twin_passes_every_check()
    {
        CheckReport report = DataChecker.Run(FixturePaths.Of("clean.csv"), WithReference);
        Assert.All(report.Results, r => Assert.True(r.Status == CheckStatus.Pass, $"{r.Check} {r.Column}: {r.Message}"));
        Assert.Equal(CheckStatus.Pass, report.Status);
        var names = report.Results.Select(r => r.Check).ToHashSet();
        Assert.Subset(names, new HashSet<string>
        {
            CheckNames.SchemaMatch, CheckNames.MissingShare, CheckNames.ConstantColumn, CheckNames.AlmostConstantColumn,
            CheckNames.DuplicateRows, CheckNames.ConflictingLabels, CheckNames.LabelImbalance, CheckNames.MixedTypes,
            CheckNames.OutOfRange, CheckNames.NewCategories, CheckNames.Outliers, CheckNames.IdLikeColumn, CheckNames.LabelLeakage,
            CheckNames.TrainTestOverlap, CheckNames.LabelDrift, CheckNames.LabelNeighbourDisagreement, CheckNames.OutlierCluster,
        });
    }

    [Fact]
    public void Every_planted_problem_in_the_dirty_set_is_found()
    {
        CheckReport report = DataChecker.Run(FixturePaths.Of("dirty.csv"), WithReference);
        Assert.Equal(CheckStatus.Fail, report.Status);
        Assert.Equal(CheckStatus.Fail, Find(report, CheckNames.DuplicateRows).Status);
        Assert.Equal(CheckStatus.Fail, Find(report, CheckNames.LabelLeakage, "leak_score").Status);
        Assert.Equal(CheckStatus.Fail, Find(report, CheckNames.TrainTestOverlap).Status);
        CheckResult schema = Find(report, CheckNames.SchemaMatch);
        Assert.Equal(CheckStatus.Fail, schema.Status);
        Assert.Contains("'age' is string, expected integer", schema.Message, StringComparison.Ordinal);
        Assert.Contains("'leak_score' is not in the expected schema", schema.Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Warn, Find(report, CheckNames.ConstantColumn, "source").Status);
        Assert.Equal(CheckStatus.Warn, Find(report, CheckNames.IdLikeColumn, "record_id").Status);
        Assert.Equal(CheckStatus.Warn, Find(report, CheckNames.MixedTypes, "age").Status);
        Assert.Equal(CheckStatus.Warn, Find(report, CheckNames.MissingShare, "segment").Status);
        Assert.Equal(CheckStatus.Warn, Find(report, CheckNames.NewCategories, "segment").Status);
        Assert.Contains("'kiosk'", Find(report, CheckNames.NewCategories, "segment").Message, StringComparison.Ordinal);

        CheckResult duplicates = Find(report, CheckNames.DuplicateRows);
        Assert.Equal(40.0 / 593, duplicates.Value, 6);

        CheckResult conflicts = Find(report, CheckNames.ConflictingLabels, "label");
        Assert.Equal(CheckStatus.Fail, conflicts.Status);
        Assert.Superset(FixturePaths.Planted("conflict"), conflicts.Rows.ToHashSet());

        CheckResult outliers = Find(report, CheckNames.Outliers, "x3");
        Assert.Equal(CheckStatus.Warn, outliers.Status);
        Assert.Superset(FixturePaths.Planted("outlier"), outliers.Rows.ToHashSet());

        CheckResult cluster = Find(report, CheckNames.OutlierCluster);
        Assert.Equal(CheckStatus.Warn, cluster.Status);
        Assert.Superset(FixturePaths.Planted("outlier"), cluster.Rows.ToHashSet());

        CheckResult neighbours = Find(report, CheckNames.LabelNeighbourDisagreement, "label");
        Assert.Equal(CheckStatus.Warn, neighbours.Status);
        var flips = FixturePaths.Planted("flip");
        var planted = flips.Union(FixturePaths.Planted("conflict")).Union(FixturePaths.Planted("duplicate")).ToHashSet();
        Assert.True(neighbours.Rows.Count(flips.Contains) >= 15, $"flips found: {neighbours.Rows.Count(flips.Contains)} of {flips.Count}");
        Assert.All(neighbours.Rows, r => Assert.Contains(r, planted));
    }

    [Fact]
    public void Imbalance_and_label_drift_are_reported()
    {
        CheckReport report = DataChecker.Run(FixturePaths.Of("imbalanced.csv"), WithReference);
        Assert.Equal(CheckStatus.Warn, Find(report, CheckNames.LabelImbalance, "label").Status);
        Assert.Equal(CheckStatus.Warn, Find(report, CheckNames.LabelDrift, "label").Status);
        Assert.DoesNotContain(report.Results, r => r.Status == CheckStatus.Fail);
    }

    [Fact]
    public void Thresholds_can_be_overridden()
    {
        var loose = new CheckOptions { Label = "label", MaxDuplicateShare = 0.5, MaxConflictingLabelShare = 0.5, MaxLeakageScore = 1.01 };
        CheckReport report = DataChecker.Run(FixturePaths.Of("dirty.csv"), loose);
        Assert.Equal(CheckStatus.Pass, Find(report, CheckNames.DuplicateRows).Status);
        Assert.Equal(CheckStatus.Pass, Find(report, CheckNames.ConflictingLabels, "label").Status);
        Assert.Equal(CheckStatus.Pass, Find(report, CheckNames.LabelLeakage).Status);
        Assert.Equal(0.5, Find(report, CheckNames.DuplicateRows).Threshold);
    }

    [Fact]
    public void An_expected_schema_fails_on_a_missing_column_or_another_type()
    {
        var options = new CheckOptions
        {
            ExpectedSchema = [new("x1", ColumnType.Float), new("segment", ColumnType.Integer), new("missing_one"), new("label", Nullable: false)],
        };
        CheckResult schema = Find(DataChecker.Run(FixturePaths.Of("clean.csv"), options), CheckNames.SchemaMatch);
        Assert.Equal(CheckStatus.Fail, schema.Status);
        Assert.Contains("'missing_one' is missing", schema.Message, StringComparison.Ordinal);
        Assert.Contains("'segment' is string, expected integer", schema.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_label_or_reference_only_integrity_checks_run()
    {
        CheckReport report = DataChecker.Run(FixturePaths.Of("clean.csv"));
        Assert.DoesNotContain(report.Results, r => r.Check is CheckNames.ConflictingLabels or CheckNames.LabelLeakage or CheckNames.TrainTestOverlap or CheckNames.SchemaMatch);
        Assert.Equal(CheckStatus.Pass, report.Status);
    }

    [Fact]
    public void Conditions_are_overridden_by_name()
    {
        CheckOptions options = CheckConditions.Apply(new CheckOptions(), ["max_duplicate_share=0.2", "neighbours = 7", "max_leakage_score=0.9"]);
        Assert.Equal((0.2, 7, 0.9), (options.MaxDuplicateShare, options.Neighbours, options.MaxLeakageScore));
        Assert.Throws<Core.Errors.CrucibleException>(() => CheckConditions.Apply(new CheckOptions(), ["max_nothing=1"]));
        Assert.Throws<Core.Errors.CrucibleException>(() => CheckConditions.Apply(new CheckOptions(), ["max_missing_share=2"]));
        Assert.Throws<Core.Errors.CrucibleException>(() => CheckConditions.Apply(new CheckOptions(), ["max_missing_share=lots"]));
    }

    [Fact]
    public void A_numeric_label_is_treated_as_regression()
    {
        CheckReport report = DataChecker.Run(FixturePaths.Of("clean.csv"), new CheckOptions { Label = "x3", Reference = FixturePaths.Of("train_reference.csv") });
        Assert.Contains(report.Results, r => r.Check == CheckNames.ConflictingLabels);
        Assert.DoesNotContain(report.Results, r => r.Check is CheckNames.LabelImbalance or CheckNames.LabelLeakage or CheckNames.LabelNeighbourDisagreement);
        Assert.Equal(CheckStatus.Pass, Find(report, CheckNames.LabelDrift, "x3").Status);
    }

    [Fact]
    public void Past_the_tracking_cap_repeats_of_tracked_rows_are_still_found()
    {
        var capped = new CheckOptions { Scan = new ScanOptions { MaxTrackedRows = 100 } };
        CheckResult duplicates = Find(DataChecker.Run(FixturePaths.Of("dirty.csv"), capped), CheckNames.DuplicateRows);
        Assert.InRange(duplicates.Value, 1.0 / 593, 40.0 / 593);
    }

    private static CheckResult Find(CheckReport report, string check, string? column = null) =>
        report.Results.SingleOrDefault(r => r.Check == check && (column is null || r.Column == column))
        ?? throw new Xunit.Sdk.XunitException($"no {check} result for {column}: {string.Join("; ", report.Results.Select(r => $"{r.Check}/{r.Column}/{r.Status}"))}");
}
