using System.Diagnostics;
using System.Globalization;

namespace Crucible.Bench;

/// <summary>
/// <c>log-metric-auth</c>: the cost of authentication on the tracking path, measured A/B in one run. Two servers on
/// fresh SQLite stores stay up side by side: one with <c>--no-auth</c>, one with auth on (every call carrying the admin
/// token it wrote at first start). A third side sends that same Bearer header to the <c>--no-auth</c> server, which
/// ignores it: the cost of carrying the header, without verifying it. The passes are interleaved (A B C, then C B A, ...)
/// so a change in the shared machine's load falls on every side alike.
/// </summary>
internal sealed partial class Runner
{
    private async Task<List<Row>> LogMetricAuthAbAsync()
    {
        if (Backend != "sqlite")
        {
            throw new InvalidOperationException("log-metric-auth reads the admin token beside the SQLite file: run it with --backend sqlite.");
        }

        await using var off = await StartServerAsync(await NewStoreAsync().ConfigureAwait(false)).ConfigureAwait(false);
        var authDirectory = Path.Combine(options.WorkDirectory, "auth");
        Directory.CreateDirectory(authDirectory);
        var port = ServerHandle.FreePort();
        string[] arguments =
        [
            "server", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--backend-store-uri", "sqlite:///" + Path.Combine(authDirectory, "store.db"), "--artifacts-destination", Path.Combine(authDirectory, "artifacts"),
        ];
        await using var on = await ServerHandle.StartProcessAsync(options.CliDll, arguments, port).ConfigureAwait(false);
        var token = (await File.ReadAllTextAsync(Path.Combine(authDirectory, "admin.token")).ConfigureAwait(false)).Trim();

        using var offApi = new Api(off.Address);
        using var onApi = new Api(on.Address, token);
        using var headerOnlyApi = new Api(off.Address, token);
        var sides = new List<AbSide>
        {
            await AbSide.CreateAsync("log-metric A/B: `--no-auth`", off, offApi, "no auth").ConfigureAwait(false),
            await AbSide.CreateAsync("log-metric A/B: Bearer token, auth on", on, onApi, "auth on, admin token").ConfigureAwait(false),
            await AbSide.CreateAsync("log-metric A/B: `--no-auth`, Bearer header sent and ignored", off, headerOnlyApi, "no auth, header only").ConfigureAwait(false),
        };

        foreach (var side in sides)
        {
            var warmup = await PrepareMetricCallsAsync(side, -1).ConfigureAwait(false);
            for (var i = 0; i < 1_000; i++)
            {
                await warmup().ConfigureAwait(false);
            }
        }

        for (var pass = 0; pass < options.Repeat; pass++)
        {
            var order = pass % 2 == 0 ? sides : Enumerable.Reverse(sides).ToList();
            foreach (var side in order)
            {
                var call = await PrepareMetricCallsAsync(side, pass).ConfigureAwait(false);
                var passSamples = new Samples();
                var cpuBefore = side.Server.CpuTime();
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < options.Calls; i++)
                {
                    passSamples.Add(await call().ConfigureAwait(false));
                }

                side.Totals.Add(Samples.Since(started));
                var cpuMs = (side.Server.CpuTime() - cpuBefore).TotalMilliseconds / options.Calls;
                side.Passes.Add((passSamples.Percentile(50), cpuMs));
                side.Latencies.AddRange(passSamples);
                side.CpuMs += cpuMs;
            }

            Log("   pass " + (pass + 1).ToString(CultureInfo.InvariantCulture) + " (load " + MachineInfo.LoadAverage() + "): "
                + string.Join("; ", sides.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Short} p50 {s.Passes[^1].P50:0.000} ms CPU {s.Passes[^1].CpuMs:0.000} ms/call"))));
        }

        var baseline = sides[0];
        return [.. sides.Select(side =>
        {
            var ratios = side == baseline
                ? string.Empty
                : "; per pass vs no auth: p50 " + string.Join(" ", side.Passes.Select((p, i) => (p.P50 / baseline.Passes[i].P50).ToString("0.000", CultureInfo.InvariantCulture)))
                  + ", server CPU " + string.Join(" ", side.Passes.Select((p, i) => (p.CpuMs / baseline.Passes[i].CpuMs).ToString("0.000", CultureInfo.InvariantCulture)));
            var notes = string.Create(CultureInfo.InvariantCulture, $"{side.Short}, interleaved passes, {side.Server.Description}; server CPU {side.CpuMs / options.Repeat:0.000} ms per call{ratios}");
            return new Row(side.Scenario, Backend, side.Latencies, side.Totals, notes) { CallsPerPass = options.Calls };
        })];
    }

    private async Task<Func<Task<double>>> PrepareMetricCallsAsync(AbSide side, int pass)
    {
        var runId = await NewRunAsync(side.Api, side.ExperimentId, $"{side.Short}-{pass.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
        var step = 0L;
        return async () =>
        {
            var body = Bodies.Metric(runId, "loss", _random.NextDouble(), _timestampBase + step, step++);
            return (await side.Api.PostAsync(Bodies.LogMetric, body).ConfigureAwait(false)).Milliseconds;
        };
    }

    /// <summary>One side of the A/B: a server, the client that calls it, and what its passes measured.</summary>
    private sealed class AbSide
    {
        private AbSide(string scenario, ServerHandle server, Api api, string shortName, string experimentId)
        {
            Scenario = scenario;
            Server = server;
            Api = api;
            Short = shortName;
            ExperimentId = experimentId;
        }

        public string Scenario { get; }

        public ServerHandle Server { get; }

        public Api Api { get; }

        public string Short { get; }

        public string ExperimentId { get; }

        public Samples Latencies { get; } = new();

        public List<double> Totals { get; } = [];

        public List<(double P50, double CpuMs)> Passes { get; } = [];

        public double CpuMs { get; set; }

        public static async Task<AbSide> CreateAsync(string scenario, ServerHandle server, Api api, string shortName)
        {
            var (answer, _) = await api.PostAsync(Bodies.CreateExperiment, Bodies.Experiment("bench-" + shortName.Replace(' ', '-').Replace(',', '-'))).ConfigureAwait(false);
            return new AbSide(scenario, server, api, shortName, Bodies.ExperimentId(answer));
        }
    }
}
