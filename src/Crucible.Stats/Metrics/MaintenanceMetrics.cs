using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>The lead time of one failure: when it happened and how long before it the first alert came (null: missed).</summary>
public sealed record FailureLead(string Machine, long FailureTime, long? LeadTime);

/// <summary>Metrics predictive-maintenance teams read: precision within an inspection budget, and how early alerts come.</summary>
public static class MaintenanceMetrics
{
    /// <summary>
    /// Of the <paramref name="budget"/> rows with the highest scores (the machines a crew can inspect), the share that are
    /// positive; ties at the budget's edge are broken by row order. A budget above the row count uses every row.
    /// </summary>
    public static double PrecisionAtBudget(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, int budget)
    {
        MetricGuard.NotEmpty(labels.Length, nameof(labels));
        MetricGuard.SameLength(labels.Length, scores.Length, nameof(labels), nameof(scores));
        MetricGuard.Finite(scores, nameof(scores));
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        var order = new int[labels.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var s = scores.ToArray();
        Array.Sort(order, (a, b) => s[b].CompareTo(s[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var take = Math.Min(budget, order.Length);
        var hits = 0;
        for (var i = 0; i < take; i++)
        {
            hits += labels[order[i]] == 1 ? 1 : 0;
        }

        return (double)hits / take;
    }

    /// <summary>
    /// For each failure, the time from the machine's first alert within (failure − <paramref name="horizon"/>, failure]
    /// to the failure; null when no alert came in that span (missed). Times are in any one unit (e.g. hours).
    /// </summary>
    public static IReadOnlyList<FailureLead> AlertLeadTimes(
        IReadOnlyList<(string Machine, long Time)> failures, IReadOnlyList<(string Machine, long Time)> alerts, long horizon)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(alerts);
        var byMachine = alerts.GroupBy(a => a.Machine, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(a => a.Time).Order().ToArray(), StringComparer.Ordinal);
        var result = new List<FailureLead>(failures.Count);
        foreach (var (machine, time) in failures)
        {
            long? lead = null;
            if (byMachine.TryGetValue(machine, out var times))
            {
                foreach (var t in times)
                {
                    if (t > time - horizon && t <= time)
                    {
                        lead = time - t;
                        break;
                    }
                }
            }

            result.Add(new FailureLead(machine, time, lead));
        }

        return result;
    }
}
