using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Crucible.Bench;

/// <summary>What the numbers were measured on, read when the runner starts and when it ends.</summary>
internal sealed class MachineInfo
{
    public string Cpu { get; } = CpuModel();

    public string LoadAtStart { get; } = LoadAverage();

    public string LoadAtEnd { get; private set; } = "";

    public string Started { get; } = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public void Finish() => LoadAtEnd = LoadAverage();

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}

internal static class Report
{
    public static string Markdown(BenchOptions options, MachineInfo machine, IReadOnlyList<Row> rows)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Crucible.Bench, started {machine.Started}: {Environment.ProcessorCount} cores, {machine.Cpu}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        s.AppendLine(CultureInfo.InvariantCulture, $"server: separate process ({options.CliDll}), backend {options.Backend}{(options.Backend == "sqlite" ? ", synchronous=FULL" : "")}, {options.Repeat} measured pass(es) after 1 warmup pass");
        s.AppendLine(CultureInfo.InvariantCulture, $"load average (1/5/15 min) at start: {machine.LoadAtStart}; at end: {machine.LoadAtEnd}");
        s.AppendLine();
        s.AppendLine("| scenario | backend | calls | p50 ms | p90 ms | p99 ms | mean ms | max ms | total per pass (median; range) | notes |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var row in rows)
        {
            var l = row.Latencies;
            s.AppendLine(CultureInfo.InvariantCulture, $"| {row.Scenario} | {row.Backend} | {l.Count:N0} | {Ms(l.Percentile(50))} | {Ms(l.Percentile(90))} | {Ms(l.Percentile(99))} | {Ms(l.Mean)} | {Ms(l.Max)} | {Totals(row)} | {row.Notes} |");
        }

        return s.ToString();
    }

    public static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms switch
    {
        < 1 => ms.ToString("0.000", CultureInfo.InvariantCulture),
        < 100 => ms.ToString("0.00", CultureInfo.InvariantCulture),
        _ => ms.ToString("0", CultureInfo.InvariantCulture),
    };

    private static string Totals(Row row)
    {
        if (row.PassTotals.Count == 0)
        {
            return "-";
        }

        var sorted = row.PassTotals.Order().ToArray();
        var median = sorted[(sorted.Length - 1) / 2];
        var text = Duration(median);
        if (sorted.Length > 1)
        {
            text += $" ({Duration(sorted[0])}–{Duration(sorted[^1])})";
        }

        return row.CallsPerPass > 0 ? text + string.Create(CultureInfo.InvariantCulture, $" for {row.CallsPerPass:N0}") : text;
    }

    private static string Duration(double ms) =>
        ms >= 1000 ? (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s" : Ms(ms) + " ms";
}
