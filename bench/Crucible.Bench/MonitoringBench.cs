using System.Diagnostics;
using System.Globalization;
using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Readers;
using Crucible.Monitoring.Reports;
using Crucible.Monitoring.Windows;

namespace Crucible.Bench;

/// <summary>
/// Scenario <c>monitoring</c> (issue 7), in-process, single-threaded, seeded data, 1 warmup then <c>--repeat</c> passes:
/// (1) profile updates: 20 numeric columns × 1,000,000 continuous values fed as spans into <see cref="ColumnProfile"/>
/// (moments, KLL, HyperLogLog, discrete counts until they overflow), against summing the same values in the same pass;
/// (2) drift between two 50-column profiles (<see cref="ProfileDrift"/>, default tests) against the exact tests on the
/// raw 50 × 5,000-value columns (<see cref="RawDrift"/>); (3) a report over 30 days of hourly windows: 720 windows × 2
/// replica partials (20 columns, 500 rows each) loaded from an <see cref="ProfileStore.InMemory"/> (blobs decoded,
/// merged), each compared with the reference and rendered to HTML, against only decoding and merging the same windows.
/// </summary>
internal static class MonitoringBench
{
    public const double UpdatesTarget = 10_000_000;
    public const double DriftTargetMs = 10;
    public const double ReportTargetMs = 1_000;

    /// <summary>Every scenario; the stored-report ones on <paramref name="storeUri"/> (a new SQLite file or PostgreSQL database).</summary>
    public static async Task<List<Row>> MeasureAsync(int repeat, string storeUri)
    {
        var rows = new List<Row>
        {
            ProfileUpdates(repeat),
            ProfileDriftOf50Columns(repeat),
        };
        rows.AddRange(await Report720Windows(repeat).ConfigureAwait(false));
        rows.AddRange(await Report720StoredWindows(repeat, storeUri).ConfigureAwait(false));
        return rows;
    }

    private static Row ProfileUpdates(int repeat)
    {
        const int columns = 20, values = 1_000_000;
        var rng = new Random(42);
        double[][] data = [.. Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, values).Select(_ => (Normal(rng) * (c + 1)) + c).ToArray())];
        var profile = new Samples();
        var baseline = new Samples();
        var cpu = new Samples();
        double checksum = 0;
        for (int pass = 0; pass <= repeat; pass++)
        {
            long t0 = Stopwatch.GetTimestamp();
            foreach (double[] column in data)
            {
                checksum += Sum(column);
            }

            double sumMs = Samples.Since(t0);
            double c1 = CpuMs();
            long t1 = Stopwatch.GetTimestamp();
            var builder = new ProfileBuilder();
            for (int c = 0; c < columns; c++)
            {
                builder.Column("c" + c.ToString(CultureInfo.InvariantCulture)).Add(data[c]);
            }

            DatasetProfile built = builder.Build();
            double profileMs = Samples.Since(t1), profileCpuMs = CpuMs() - c1;
            checksum += built.RowCount;
            if (pass > 0)
            {
                profile.Add(profileMs);
                cpu.Add(profileCpuMs);
                baseline.Add(sumMs);
                Log($"   profile updates pass {pass}: {profileMs:0.0} ms wall ({Rate(columns * (double)values, profileMs)}), {profileCpuMs:0.0} ms CPU ({Rate(columns * (double)values, profileCpuMs)}), sum {sumMs:0.0} ms, load {MachineInfo.LoadAverage()}");
            }
        }

        double median = profile.Percentile(50), rate = columns * (double)values / (median / 1000);
        double cpuRate = columns * (double)values / (cpu.Percentile(50) / 1000);
        return Timed(
            $"monitoring: profile updates, {columns} numeric columns × {values:N0} values, one thread",
            profile,
            string.Create(CultureInfo.InvariantCulture,
                $"{rate / 1e6:0.0} M values/s wall clock, {cpuRate / 1e6:0.0} M values/s of CPU time (median passes); target ≥ 10 M/s per core: **{Verdict(cpuRate >= UpdatesTarget)}** per CPU-second, {Verdict(rate >= UpdatesTarget)} by wall clock; baseline summing the same values {baseline.Percentile(50):0.0} ms ({Rate(columns * (double)values, baseline.Percentile(50))}), profile/sum = {median / baseline.Percentile(50):0}x (checksum {checksum:E3})"));
    }

    private static Row ProfileDriftOf50Columns(int repeat)
    {
        const int columns = 50, values = 5_000;
        var rng = new Random(7);
        (DatasetProfile reference, RawTable rawReference) = Table(rng, columns, values, 0);
        (DatasetProfile current, RawTable rawCurrent) = Table(rng, columns, values, 0.05);
        const int calls = 200;
        var drift = new Samples();
        var raw = new Samples();
        var cpuPerCall = new Samples();
        int drifted = 0;
        for (int pass = 0; pass <= repeat; pass++)
        {
            var passSamples = new Samples();
            double c = CpuMs();
            for (int i = 0; i < calls; i++)
            {
                long t = Stopwatch.GetTimestamp();
                drifted = ProfileDrift.Compute(reference, current).DriftedColumns;
                passSamples.Add(Samples.Since(t));
            }

            double passCpu = CpuMs() - c;
            long r = Stopwatch.GetTimestamp();
            RawDrift.Compute(rawReference, rawCurrent);
            double rawMs = Samples.Since(r);
            if (pass > 0)
            {
                drift.AddRange(passSamples);
                raw.Add(rawMs);
                cpuPerCall.Add(passCpu / calls);
                Log($"   drift pass {pass}: p50 {passSamples.Percentile(50):0.000} ms, CPU per call {passCpu / calls:0.000} ms, raw {rawMs:0.0} ms");
            }
        }

        double p50 = drift.Percentile(50);
        return new Row($"monitoring: drift between two {columns}-column profiles ({values:N0} values per column per side)", "in-process", drift, [drift.Sum / repeat], string.Create(
            CultureInfo.InvariantCulture,
            $"ProfileDrift.Compute, default tests (Wasserstein above 1,000 rows), {drifted} of {columns} columns drifted; target < {DriftTargetMs:0} ms: **{Verdict(p50 < DriftTargetMs)}** at p50 (p99 {drift.Percentile(99):0.000} ms, CPU time per call {cpuPerCall.Percentile(50):0.000} ms); baseline: the same comparison exactly on the raw columns (RawDrift) {raw.Percentile(50):0.0} ms, {raw.Percentile(50) / p50:0}x slower"))
        { CallsPerPass = calls };
    }

    private static async Task<List<Row>> Report720Windows(int repeat)
    {
        const int windows = 720, replicas = 2, rowsPerPartial = 500;
        var store = ProfileStore.InMemory();
        long t0 = Stopwatch.GetTimestamp();
        DatasetProfile reference = await FillAsync(store, windows, replicas, rowsPerPartial).ConfigureAwait(false);
        Log($"   stored {windows} × {replicas} partials in {Samples.Since(t0) / 1000:0.0} s");
        var report = new Samples();
        var reportCpu = new Samples();
        var load = new Samples();
        int length = 0;
        for (int pass = 0; pass <= repeat; pass++)
        {
            long l = Stopwatch.GetTimestamp();
            foreach (WindowId id in await store.ListWindowsAsync("fraud", "3").ConfigureAwait(false))
            {
                length += (await store.LoadWindowAsync(id).ConfigureAwait(false))!.Partials;
            }

            double loadMs = Samples.Since(l);
            double c = CpuMs();
            long t = Stopwatch.GetTimestamp();
            string html = await DriftTimelineReport.RenderFromStoreAsync(store, "fraud", "3", reference).ConfigureAwait(false);
            double ms = Samples.Since(t), cpuMs = CpuMs() - c;
            length += html.Length;
            if (pass > 0)
            {
                report.Add(ms);
                reportCpu.Add(cpuMs);
                load.Add(loadMs);
                Log($"   report pass {pass}: {ms:0.0} ms wall, {cpuMs:0.0} ms CPU (load + merge only {loadMs:0.0} ms wall), {html.Length:N0} characters, load {MachineInfo.LoadAverage()}");
            }
        }

        double median = report.Percentile(50);
        return
        [
            Timed($"monitoring: drift report over 30 days of hourly windows ({windows} windows × {replicas} partials, 20 columns)", report, string.Create(
                CultureInfo.InvariantCulture,
                $"DriftTimelineReport.RenderFromStoreAsync: decode + merge + ProfileDrift per window + HTML; target < 1 s: **{Verdict(reportCpu.Percentile(50) < ReportTargetMs)}** in CPU time ({reportCpu.Percentile(50):0} ms median), {Verdict(median < ReportTargetMs)} by wall clock ({median:0} ms median); baseline decode + merge alone {load.Percentile(50):0} ms, report/baseline = {median / load.Percentile(50):0.0}x (checksum {length})")),
        ];
    }

    /// <summary>Saves 720 hourly windows × replicas seeded partials (window 600 on shifted) and returns the 5,000-row reference.</summary>
    private static async Task<DatasetProfile> FillAsync(ProfileStore store, int windows, int replicas, int rowsPerPartial)
    {
        var rng = new Random(11);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int w = 0; w < windows; w++)
        {
            double shift = w >= 600 ? 0.5 : 0;
            for (int r = 0; r < replicas; r++)
            {
                await store.SavePartialAsync(new WindowKey("fraud", "3", start.AddHours(w), "r" + r.ToString(CultureInfo.InvariantCulture)), Window(rng, rowsPerPartial, shift)).ConfigureAwait(false);
            }
        }

        return Window(rng, 5_000, 0);
    }

    /// <summary>
    /// The server's path for the same report: the partials in a <c>ProfileStore</c> over <c>SqlProfilePartialStore</c> (SQLite or
    /// PostgreSQL), read with one range query (<c>LoadRangeAsync</c>: decode + merge per window), then
    /// <see cref="DriftTimelineReport.Render"/>: first over the 1,440 partials as the replicas saved them, then after
    /// <c>CompactClosedWindowsAsync</c> merged each closed window into one row (what the server's compactor does), so
    /// the report reads 720 profiles and merges nothing.
    /// </summary>
    private static async Task<List<Row>> Report720StoredWindows(int repeat, string storeUri)
    {
        const int windows = 720, replicas = 2, rowsPerPartial = 500;
        string engine = storeUri.StartsWith("sqlite", StringComparison.Ordinal) ? "SQLite" : "PostgreSQL";
        await using var metadata = await Crucible.Storage.MetadataStore.OpenAsync(
            storeUri, new Crucible.Storage.MetadataStoreOptions { SqliteFullSync = false }, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
        var store = new ProfileStore(metadata.Profiles);
        long t0 = Stopwatch.GetTimestamp();
        DatasetProfile reference = await FillAsync(store, windows, replicas, rowsPerPartial).ConfigureAwait(false);
        Log($"   stored {windows} × {replicas} partials in {engine} in {Samples.Since(t0) / 1000:0.0} s");
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new List<Row> { await ReportPassesAsync($"{windows} windows × {replicas} partials, as saved") .ConfigureAwait(false) };

        double c0 = CpuMs();
        long t1 = Stopwatch.GetTimestamp();
        int compacted = await store.CompactClosedWindowsAsync(start.AddHours(windows)).ConfigureAwait(false);
        double compactMs = Samples.Since(t1), compactCpu = CpuMs() - c0;
        Log($"   compacted {compacted} windows in {compactMs:0} ms ({compactCpu:0} ms CPU), load {MachineInfo.LoadAverage()}");
        if (compacted != windows)
        {
            throw new InvalidOperationException($"compaction merged {compacted} windows, expected {windows}");
        }

        var after = await ReportPassesAsync($"{windows} windows, compacted (one merged profile each)").ConfigureAwait(false);
        rows.Add(after with { Notes = after.Notes + string.Create(CultureInfo.InvariantCulture, $"; compacting the {windows} windows took {compactMs:0} ms ({compactCpu:0} ms CPU), once") });
        return rows;

        async Task<Row> ReportPassesAsync(string shape)
        {
            var report = new Samples();
            var reportCpu = new Samples();
            int length = 0;
            for (int pass = 0; pass <= repeat; pass++)
            {
                double c = CpuMs();
                long t = Stopwatch.GetTimestamp();
                var stored = await store.LoadRangeAsync("fraud", start, start.AddHours(windows)).ConfigureAwait(false);
                string html = DriftTimelineReport.Render(reference, [.. stored.Select(w => new TimelineWindow(w.Merged.Window, w.Merged.Profile, w.Merged.Problems))]);
                double ms = Samples.Since(t), cpuMs = CpuMs() - c;
                length += html.Length;
                if (pass > 0)
                {
                    report.Add(ms);
                    reportCpu.Add(cpuMs);
                    Log($"   stored report pass {pass} ({shape}): {ms:0.0} ms wall, {cpuMs:0.0} ms CPU, {stored.Count} windows, load {MachineInfo.LoadAverage()}");
                }
            }

            return Timed($"monitoring: drift report over 720 hourly windows from {engine} ({shape}, 20 columns)", report, string.Create(
                CultureInfo.InvariantCulture,
                $"ProfileStore.LoadRangeAsync over {engine} (one query, decode + merge per window) + DriftTimelineReport.Render; target < 1 s: **{Verdict(report.Percentile(50) < ReportTargetMs)}** by wall clock ({report.Percentile(50):0} ms median), CPU time {reportCpu.Percentile(50):0} ms median (checksum {length})"));
        }
    }

    /// <summary>A 20-column window: 14 continuous, 3 low-cardinality numeric, 3 categorical.</summary>
    private static DatasetProfile Window(Random rng, int rows, double shift)
    {
        var b = new ProfileBuilder();
        var x = new double[rows];
        for (int c = 0; c < 14; c++)
        {
            for (int i = 0; i < rows; i++)
            {
                x[i] = Normal(rng) + (c < 10 ? shift : 0);
            }

            b.Column("num" + c.ToString(CultureInfo.InvariantCulture)).Add(x);
        }

        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < rows; i++)
            {
                x[i] = rng.Next(0, 5);
            }

            b.Column("level" + c.ToString(CultureInfo.InvariantCulture)).Add(x);
            ColumnProfile cat = b.Column("cat" + c.ToString(CultureInfo.InvariantCulture));
            for (int i = 0; i < rows; i++)
            {
                cat.Add(Categories[rng.Next(Categories.Length)]);
            }
        }

        b.CountRows(rows);
        return b.Build();
    }

    private static readonly string[] Categories = ["a", "b", "c", "d", "e", "f", "g", "h"];

    private static (DatasetProfile Profile, RawTable Raw) Table(Random rng, int columns, int values, double shift)
    {
        var b = new ProfileBuilder();
        var raw = new List<RawColumn>();
        for (int c = 0; c < columns; c++)
        {
            double[] x = [.. Enumerable.Range(0, values).Select(_ => Normal(rng) + (c % 5 == 0 ? shift * 10 : 0))];
            string name = "f" + c.ToString("00", CultureInfo.InvariantCulture);
            b.Column(name).Add(x);
            raw.Add(new RawColumn(name, x, null));
        }

        b.CountRows(values);
        return (b.Build(), new RawTable(values, raw));
    }

    /// <summary>Process CPU time so far (ms): on a shared machine the wall clock also counts time spent descheduled.</summary>
    private static double CpuMs()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (double v in values)
        {
            s += v;
        }

        return s;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());

    private static string Rate(double values, double ms) => string.Create(CultureInfo.InvariantCulture, $"{values / (ms / 1000) / 1e6:0.0} M/s");

    private static string Verdict(bool met) => met ? "met" : "missed";

    private static void Log(string line) => Console.Error.WriteLine(line);

    private static Row Timed(string scenario, Samples samples, string notes) =>
        new(scenario, "in-process", samples, samples.Values, notes) { CallsPerPass = 1 };
}
