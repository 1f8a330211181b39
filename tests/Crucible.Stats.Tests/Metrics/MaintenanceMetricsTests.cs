using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

public sealed class MaintenanceMetricsTests
{
    [Fact]
    public void Precision_at_budget_counts_positives_among_the_top_scores_ties_by_row_order()
    {
        int[] labels = [0, 1, 1, 0, 1, 0];
        double[] scores = [0.9, 0.8, 0.8, 0.1, 0.95, 0.8];
        Assert.Equal(1.0, MaintenanceMetrics.PrecisionAtBudget(labels, scores, 1));
        Assert.Equal(0.5, MaintenanceMetrics.PrecisionAtBudget(labels, scores, 2));
        Assert.Equal(0.75, MaintenanceMetrics.PrecisionAtBudget(labels, scores, 4)); // rows 4, 0, 1, 2
        Assert.Equal(0.5, MaintenanceMetrics.PrecisionAtBudget(labels, scores, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => MaintenanceMetrics.PrecisionAtBudget(labels, scores, 0));
    }

    [Fact]
    public void Lead_time_is_from_the_first_alert_within_the_horizon_and_null_when_missed()
    {
        var failures = new List<(string, long)> { ("a", 100), ("b", 50), ("c", 10) };
        var alerts = new List<(string, long)> { ("a", 40), ("a", 70), ("a", 95), ("b", 51), ("c", 10) };
        var leads = MaintenanceMetrics.AlertLeadTimes(failures, alerts, horizon: 48);
        Assert.Equal(30L, leads[0].LeadTime); // 40 is outside (52, 100]; 70 is the first inside
        Assert.Null(leads[1].LeadTime);       // the alert came after the failure
        Assert.Equal(0L, leads[2].LeadTime);
    }
}
