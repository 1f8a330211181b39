namespace Crucible.Optimization.Profiling;

/// <summary>
/// One variant on one machine at one measured cell, costed: replicas are the sessions that fit (cores / threads,
/// capped by memory / peak memory), rows per second are replicas x the cell's rows per second x the machine's
/// relative speed, cost per million is price per hour / (rows per hour / 1e6), and accuracy is the variant's
/// recorded figure (agreement with its parent), null when unknown.
/// </summary>
public sealed record CostedOption(
    string Variant, string Machine, int BatchSize, int Threads, int Replicas, double P99Milliseconds, double RowsPerSecond, double CostPerMillion, double? Accuracy);

/// <summary>
/// What a recommendation must meet: a p99 latency budget for one Run (the whole batch) on the target machine, and a
/// minimum accuracy figure (agreement with the parent, say; variants without one are kept).
/// </summary>
public sealed record Budget(double? MaxP99Milliseconds, double? MinAccuracy);

/// <summary>
/// Turns measured profiles into cost per million predictions on declared machines and picks, per machine, the
/// cheapest variant and cell that meets the budget. The model is deliberately simple and its assumptions are
/// printed with it (docs/optimization.md): throughput scales with independent replicas of one session each (cores /
/// intra-op threads), latency and throughput scale with the machine's relative core speed, a replica needs the
/// measured peak memory, and the machine is busy all the hour it is paid for.
/// </summary>
public static class CostModel
{
    public static IReadOnlyList<CostedOption> Cost(IReadOnlyList<ModelProfile> profiles, IReadOnlyList<MachineProfile> machines, IReadOnlyDictionary<string, double>? accuracy = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(machines);
        var options = new List<CostedOption>();
        foreach (var machine in machines)
        {
            foreach (var profile in profiles)
            {
                foreach (var cell in profile.Cells.Where(c => c.Threads <= machine.Cores))
                {
                    var byCores = machine.Cores / cell.Threads;
                    var byMemory = profile.PeakMemoryBytes > 0 ? (int)Math.Floor(machine.MemoryGb * 1024 * 1024 * 1024 / profile.PeakMemoryBytes) : byCores;
                    var replicas = Math.Min(byCores, byMemory);
                    if (replicas < 1)
                    {
                        continue;
                    }

                    var rows = replicas * cell.RowsPerSecond * machine.RelativeSpeed;
                    var cost = machine.PricePerHour / (rows * 3600 / 1e6);
                    options.Add(new CostedOption(
                        profile.Name, machine.Name, cell.BatchSize, cell.Threads, replicas, cell.P99Milliseconds / machine.RelativeSpeed, rows, cost,
                        accuracy is not null && accuracy.TryGetValue(profile.Name, out var a) ? a : null));
                }
            }
        }

        return options;
    }

    /// <summary>Per machine, the cheapest option within the budget (ties: lower p99), or none when nothing fits.</summary>
    public static IReadOnlyList<(MachineProfile Machine, CostedOption? Choice)> Recommend(IReadOnlyList<CostedOption> options, IReadOnlyList<MachineProfile> machines, Budget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return machines.Select(m => (m, options
                .Where(o => o.Machine == m.Name
                    && (budget.MaxP99Milliseconds is not { } latency || o.P99Milliseconds <= latency)
                    && (budget.MinAccuracy is not { } floor || o.Accuracy is not { } a || a >= floor))
                .OrderBy(o => o.CostPerMillion)
                .ThenBy(o => o.P99Milliseconds)
                .FirstOrDefault()))
            .ToList();
    }
}
