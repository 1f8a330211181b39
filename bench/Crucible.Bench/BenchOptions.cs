using System.Globalization;

namespace Crucible.Bench;

/// <summary>Command line of the runner: scenario names, then options.</summary>
internal sealed record BenchOptions
{
    public static readonly string[] AllScenarios = ["fsync", "floor", "health", "log-metric", "log-metric-auth", "log-batch", "create-run", "store-log-metric", "search", "registry-search", "ort-raw", "eval-binary", "data-quality", "monitoring", "capture"];

    public const string Usage = """
        usage: Crucible.Bench <scenario>... [options]

        scenarios (run in the order given; "all" = every one below, in this order):
          fsync             write 4 KiB + fsync, 1,000 times, in the work folder (the disk's cost per durable commit)
          floor             10,000 POSTs of a log-metric body to a minimal ASP.NET endpoint answering {} (HTTP floor)
          health            10,000 GET /health on the Crucible server (host pipeline, no storage)
          log-metric        10,000 runs/log-metric calls, one at a time, on one run
          log-metric-auth   log-metric A/B in one run, passes interleaved: a --no-auth server, an auth-on server called with
                            the admin's Bearer token, and the --no-auth server sent that header anyway (SQLite)
          log-batch         10 runs/log-batch calls of 1,000 metrics each
          create-run        1,000 runs/create calls, one at a time
          store-log-metric  10,000 one-metric LogBatchAsync calls on the store API, no HTTP (SQLite: FULL and NORMAL sync)
          search            seed N runs (5 metrics, 5 params, 2 tags each), then time runs/search (first page of 100)
          registry-search   seed N registered models × 10 versions, then time registered-models/search and model-versions/search
          ort-raw           OnnxSession.Run on the 32-64-3 MLP in-process at batch 1, 64, 512 (1 and ORT-chosen intra-op threads)
          eval-binary       the binary evaluation preset on 10^4..10^7 seeded rows in-process, against scikit-learn on the same data
          data-quality      data profile + data check --label on a seeded 1M x 20 CSV in-process, then peak memory on a ~1 GB CSV in a child
          monitoring        profile updates (20 x 1M values), drift of two 50-column profiles, a report over 720 hourly windows; in-process
          capture           capture cost per request, log bytes and profile size: 6-feature and [1,3,32,32,32] models, after vs main's rule; in-process

        options:
          --cli PATH            the built crucible.dll; every server scenario runs `dotnet PATH server ...` as a child process
                                (default src/Crucible.Cli/bin/Release/net10.0/crucible.dll, from the repo root)
          --backend B           sqlite (default) or postgres
          --pg URI              postgresql://user@host:port/db of a database allowed to CREATE DATABASE (postgres backend)
          --repeat R            measured passes per write scenario (default 3), after one warmup pass
          --calls N             calls per log-metric/floor/health pass (default 10000)
          --search-runs N       runs to seed for the search (default 100000)
          --search-repeats N    timed searches per variant after 3 warmup searches (default 20; also registry-search)
          --search-store URI    seed into (or reuse, when already seeded) this store instead of a fresh one
          --registry-models N   registered models to seed for registry-search (default 10000)
          --registry-store URI  seed the registry into (or reuse, when already seeded) this store instead of a fresh one
          --onnx-model PATH     the MLP for ort-raw (default tests/Crucible.Onnx.Tests/Fixtures/mlp.onnx, from the repo root)
          --ort-seconds S       timed seconds per ort-raw row, after 1 s of warmup (default 5)
          --eval-max-rows N     largest eval-binary size (default 10000000; sizes are 10^4, 10^5, ... up to N)
          --python PATH         the Python with scikit-learn and numpy for eval-binary (default /usr/bin/python3)
          --sklearn-script PATH eval-binary's sklearn side (default bench/eval/sklearn_binary.py, from the repo root)
          --dq-rows N           rows of the data-quality CSV (default 1000000)
          --dq-large-mb N       size of the data-quality memory run's CSV in MiB, written to the temp folder (default 1024; 0 skips it)
          --work DIR            scratch folder (default /tmp/crucible-bench-<pid>, removed at the end unless --keep)
          --keep                keep the scratch folder
          --out FILE            also append the markdown table to FILE
        """;

    public IReadOnlyList<string> Scenarios { get; init; } = [];

    public string Backend { get; init; } = "sqlite";

    public string CliDll { get; init; } = Path.GetFullPath(CrucibleCommand.DefaultCli);

    public string? PostgresUri { get; init; }

    public int Repeat { get; init; } = 3;

    public int Calls { get; init; } = 10_000;

    public int SearchRuns { get; init; } = 100_000;

    public int SearchRepeats { get; init; } = 20;

    public string? SearchStore { get; init; }

    public int RegistryModels { get; init; } = 10_000;

    public string? RegistryStore { get; init; }

    public string OnnxModel { get; init; } = OrtRaw.DefaultModel;

    public int OrtSeconds { get; init; } = 5;

    public int EvalMaxRows { get; init; } = 10_000_000;

    public string Python { get; init; } = EvalBinary.DefaultPython;

    public string SklearnScript { get; init; } = EvalBinary.DefaultScript;

    public int DataQualityRows { get; init; } = 1_000_000;

    public int DataQualityLargeMegabytes { get; init; } = 1024;

    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "crucible-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public bool Keep { get; init; }

    public string? OutputPath { get; init; }

    public bool ShowHelp { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var scenarios = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            int NextInt() => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{arg} needs a positive integer.");
            options = arg switch
            {
                "-h" or "--help" => options with { ShowHelp = true },
                "--cli" => options with { CliDll = Path.GetFullPath(Next()) },
                "--backend" => options with { Backend = Next() is "sqlite" or "postgres" ? args[i] : throw new ArgumentException("--backend is sqlite or postgres.") },
                "--pg" => options with { PostgresUri = Next() },
                "--repeat" => options with { Repeat = NextInt() },
                "--calls" => options with { Calls = NextInt() },
                "--search-runs" => options with { SearchRuns = NextInt() },
                "--search-repeats" => options with { SearchRepeats = NextInt() },
                "--search-store" => options with { SearchStore = Next() },
                "--registry-models" => options with { RegistryModels = NextInt() },
                "--registry-store" => options with { RegistryStore = Next() },
                "--onnx-model" => options with { OnnxModel = Path.GetFullPath(Next()) },
                "--ort-seconds" => options with { OrtSeconds = NextInt() },
                "--eval-max-rows" => options with { EvalMaxRows = NextInt() },
                "--python" => options with { Python = Next() },
                "--sklearn-script" => options with { SklearnScript = Path.GetFullPath(Next()) },
                "--dq-rows" => options with { DataQualityRows = NextInt() },
                "--dq-large-mb" => options with { DataQualityLargeMegabytes = Next() == "0" ? 0 : int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb) && mb > 0 ? mb : throw new ArgumentException("--dq-large-mb needs 0 (skip) or a positive integer.") },
                "--work" => options with { WorkDirectory = Path.GetFullPath(Next()) },
                "--keep" => options with { Keep = true },
                "--out" => options with { OutputPath = Path.GetFullPath(Next()) },
                _ when arg.StartsWith('-') => throw new ArgumentException($"Unknown option {arg}."),
                "all" => Add(options, scenarios, AllScenarios),
                _ when AllScenarios.Contains(arg) => Add(options, scenarios, [arg]),
                _ => throw new ArgumentException($"Unknown scenario {arg}."),
            };
        }

        if (scenarios.Count == 0 && !options.ShowHelp)
        {
            throw new ArgumentException("Name at least one scenario.");
        }

        if (options.Backend == "postgres" && options.PostgresUri is null)
        {
            throw new ArgumentException("--backend postgres needs --pg postgresql://user@host:port/db.");
        }

        return options with { Scenarios = scenarios.Distinct().ToList() };
    }

    private static BenchOptions Add(BenchOptions options, List<string> scenarios, IEnumerable<string> names)
    {
        scenarios.AddRange(names);
        return options;
    }
}
