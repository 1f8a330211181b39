using System.Diagnostics;
using System.Globalization;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Profiling;

namespace Crucible.Bench;

/// <summary>
/// Scenario <c>data-quality</c> (issue 6): <c>DatasetProfiler.Profile</c> and <c>DataChecker.Run</c> (label set, so the
/// label, leakage and neighbour checks run too) end to end on a seeded CSV of <c>--dq-rows</c> rows × 20 columns
/// (<see cref="DataQualityData"/>), in-process, 1 warmup then <c>--repeat</c> timed passes; then the same work on a
/// ~<c>--dq-large-mb</c> MB CSV in a child process (this runner with <c>data-quality-child FILE</c>), whose peak resident
/// memory (<c>VmHWM</c> of /proc/self/status) is the memory figure. The large file is written to the temp folder and deleted.
/// </summary>
internal static class DataQualityBench
{
    public const string ChildCommand = "data-quality-child";
    public const double TimeTargetMs = 5_000;
    public const long MemoryTargetBytes = 500L * 1024 * 1024;

    public static List<Row> Measure(string workDirectory, int rows, int largeMegabytes, int repeat)
    {
        var result = new List<Row>();
        string path = Path.Combine(workDirectory, "dq-1m.csv");
        long started = Stopwatch.GetTimestamp();
        DataQualityData.Write(path, rows);
        long bytes = new FileInfo(path).Length;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   wrote {rows:N0} rows, {bytes / 1048576.0:0.0} MiB in {Samples.Since(started) / 1000:0.0} s"));
        try
        {
            var profile = new Samples();
            var check = new Samples();
            var both = new Samples();
            var cpu = new Samples();
            for (int i = 0; i <= repeat; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                (double p, double c, _) = ProfileAndCheck(path);
                double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
                if (i > 0)
                {
                    cpu.Add(cpuMs);
                    profile.Add(p);
                    check.Add(c);
                    both.Add(p + c);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   pass {i}: profile {Report.Ms(p)} ms, check {Report.Ms(c)} ms, CPU {Report.Ms(cpuMs)} ms, load {MachineInfo.LoadAverage()}"));
                }
            }

            string size = string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows × {DataQualityData.Columns} columns, {bytes / 1048576.0:0.0} MiB");
            result.Add(Timed($"data-quality: profile, {size}", profile, "DatasetProfiler.Profile: one streaming pass (types, roles, sketches, histograms, SHA-256)"));
            double checkMedian = check.Percentile(50);
            result.Add(Timed($"data-quality: check --label, {size}", check, string.Create(CultureInfo.InvariantCulture,
                $"DataChecker.Run with a label: the profile and every integrity, outlier, label, leakage and neighbour check in one pass over the file; target < {TimeTargetMs / 1000:0} s: **{Verdict(checkMedian < TimeTargetMs)}** ({checkMedian / 1000:0.00} s median)")));
            double median = both.Percentile(50);
            result.Add(Timed($"data-quality: profile, then check, {size}", both, string.Create(CultureInfo.InvariantCulture,
                $"both commands back to back (two passes); against the same target: **{Verdict(median < TimeTargetMs)}** ({median / 1000:0.00} s median); process CPU time per pass median {cpu.Percentile(50) / 1000:0.00} s")));
        }
        finally
        {
            File.Delete(path);
        }

        if (largeMegabytes > 0)
        {
            result.Add(MeasureLarge(largeMegabytes));
        }

        return result;
    }

    /// <summary>The child process: profile, then check, then print the times and the peak resident set.</summary>
    public static int Child(IReadOnlyList<string> args)
    {
        (double p, double c, CheckReport report) = ProfileAndCheck(args[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p:0.###} {c:0.###} {PeakResidentBytes()} {report.Profile.RowCount} {report.Results.Count}"));
        return 0;
    }

    private static (double ProfileMs, double CheckMs, CheckReport Report) ProfileAndCheck(string path)
    {
        long started = Stopwatch.GetTimestamp();
        DatasetProfile profile = DatasetProfiler.Profile(path);
        double p = Samples.Since(started);
        started = Stopwatch.GetTimestamp();
        CheckReport report = DataChecker.Run(path, new CheckOptions { Label = "label" });
        double c = Samples.Since(started);
        if (profile.RowCount != report.Profile.RowCount || profile.Columns.Count != DataQualityData.Columns)
        {
            throw new InvalidOperationException("data-quality: the profile and the check disagree on the file.");
        }

        return (p, c, report);
    }

    private static Row MeasureLarge(int megabytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"crucible-dq-large-{Environment.ProcessId}.csv");
        try
        {
            long started = Stopwatch.GetTimestamp();
            long rows = DataQualityData.Write(path, long.MaxValue, (long)megabytes * 1024 * 1024);
            long bytes = new FileInfo(path).Length;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   wrote {rows:N0} rows, {bytes / 1048576.0:0.0} MiB in {Samples.Since(started) / 1000:0.0} s"));
            string output = RunChild(path);
            string[] parts = output.Trim().Split(' ');
            double p = double.Parse(parts[0], CultureInfo.InvariantCulture);
            double c = double.Parse(parts[1], CultureInfo.InvariantCulture);
            long peak = long.Parse(parts[2], CultureInfo.InvariantCulture);
            long counted = long.Parse(parts[3], CultureInfo.InvariantCulture);
            if (counted != rows)
            {
                throw new InvalidOperationException($"data-quality: the child counted {counted} rows, {rows} were written.");
            }

            var samples = new Samples();
            samples.Add(p + c);
            string notes = string.Create(CultureInfo.InvariantCulture,
                $"child process; profile {p / 1000:0.0} s + check {c / 1000:0.0} s; peak RSS (VmHWM) **{peak / 1048576.0:0} MiB**, target < {MemoryTargetBytes / 1048576} MiB: **{Verdict(peak < MemoryTargetBytes)}**");
            Console.Error.WriteLine("   " + notes);
            return new Row(string.Create(CultureInfo.InvariantCulture, $"data-quality: profile + check --label, {rows:N0} rows × {DataQualityData.Columns} columns, {bytes / 1048576.0:0} MiB"), "in child", samples, [p + c], notes) { CallsPerPass = 1 };
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string RunChild(string path)
    {
        string self = typeof(DataQualityBench).Assembly.Location;
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(self);
        }

        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("data-quality: could not start the child process.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"data-quality: the child exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    private static long PeakResidentBytes()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string Verdict(bool met) => met ? "met" : "missed";

    private static Row Timed(string scenario, Samples samples, string notes) =>
        new(scenario, "in-process", samples, samples.Values, notes) { CallsPerPass = 1 };
}
