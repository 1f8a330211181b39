using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Crucible.Core.Tracking;
using Crucible.Storage;
using Npgsql;

namespace Crucible.Bench;

/// <summary>Runs the named scenarios in order against fresh stores and collects one table row per measurement.</summary>
internal sealed partial class Runner(BenchOptions options)
{
    private const int BatchCalls = 10;
    private const int BatchSize = 1_000;
    private const int RunsPerPass = 1_000;
    private const int SearchPageSize = 100;
    private readonly List<string> _databases = [];
    private readonly Random _random = new(42);
    private readonly long _timestampBase = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
    private int _stores;
    private ServerHandle? _writeServer;
    private string? _writeExperiment;

    public MachineInfo Environment { get; } = new();

    private string Backend => options.Backend;

    public async Task<IReadOnlyList<Row>> RunAsync()
    {
        Directory.CreateDirectory(options.WorkDirectory);
        var rows = new List<Row>();
        try
        {
            foreach (var scenario in options.Scenarios)
            {
                Log($"== {scenario} (load {MachineInfo.LoadAverage()})");
                var started = Stopwatch.GetTimestamp();
                rows.AddRange(scenario switch
                {
                    "fsync" => Fsync(),
                    "floor" => [await FloorAsync().ConfigureAwait(false)],
                    "health" => [await HealthAsync().ConfigureAwait(false)],
                    "log-metric" => [await LogMetricAsync().ConfigureAwait(false)],
                    "log-metric-auth" => await LogMetricAuthAbAsync().ConfigureAwait(false),
                    "log-batch" => [await LogBatchAsync().ConfigureAwait(false)],
                    "create-run" => [await CreateRunAsync().ConfigureAwait(false)],
                    "store-log-metric" => await StoreLogMetricAsync().ConfigureAwait(false),
                    "search" => await SearchAsync().ConfigureAwait(false),
                    "registry-search" => await RegistrySearchAsync().ConfigureAwait(false),
                    "ort-raw" => OrtRaw.Measure(options.OnnxModel, options.OrtSeconds),
                    "eval-binary" => EvalBinary.Measure(options.WorkDirectory, options.EvalMaxRows, options.Repeat, options.Python, options.SklearnScript),
                    "data-quality" => DataQualityBench.Measure(options.WorkDirectory, options.DataQualityRows, options.DataQualityLargeMegabytes, options.Repeat),
                    "monitoring" => await MonitoringBench.MeasureAsync(options.Repeat, await NewStoreAsync().ConfigureAwait(false)).ConfigureAwait(false),
                    "capture" => CaptureBench.Measure(options.Repeat),
                    _ => throw new InvalidOperationException(scenario),
                });
                Log($"   {scenario} done in {Samples.Since(started) / 1000:0.0} s");
            }
        }
        finally
        {
            if (_writeServer is not null)
            {
                await _writeServer.DisposeAsync().ConfigureAwait(false);
            }

            await DropDatabasesAsync().ConfigureAwait(false);
            if (!options.Keep)
            {
                Directory.Delete(options.WorkDirectory, recursive: true);
            }

            Environment.Finish();
        }

        return rows;
    }

    private static void Log(string message) => Console.Error.WriteLine(message);

    /// <summary>
    /// What one durable commit costs this disk at least: a 4 KiB write then fsync (what FileStream.Flush(true) does)
    /// or fdatasync (what SQLite calls on Linux), appended or rewritten in place (a WAL is reused after a checkpoint).
    /// </summary>
    private List<Row> Fsync()
    {
        var rows = new List<Row>();
        foreach (var (append, data) in new[] { (true, false), (false, false), (true, true), (false, true) })
        {
            var path = Path.Combine(options.WorkDirectory, "fsync.probe");
            var block = new byte[4096];
            var samples = new Samples();
            var started = 0L;
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                for (var i = 0; i < 1_100; i++)
                {
                    if (i == 100)
                    {
                        started = Stopwatch.GetTimestamp();
                    }

                    if (!append)
                    {
                        file.Position = 0;
                    }

                    var t = Stopwatch.GetTimestamp();
                    file.Write(block);
                    if (data)
                    {
                        NativeSync.DataSync(file);
                    }
                    else
                    {
                        file.Flush(flushToDisk: true);
                    }

                    if (i >= 100)
                    {
                        samples.Add(Samples.Since(t));
                    }
                }
            }

            var total = Samples.Since(started);
            File.Delete(path);
            var name = $"disk: {(append ? "append" : "rewrite in place")} 4 KiB + {(data ? "fdatasync" : "fsync")}";
            rows.Add(new Row(name, "disk", samples, [total], $"after 100 warmup writes, in {options.WorkDirectory}") { CallsPerPass = 1_000 });
        }

        return rows;
    }

    private async Task<Row> FloorAsync()
    {
        await using var server = await StartFloorProcessAsync().ConfigureAwait(false);
        using var api = new Api(server.Address);
        return await SequentialAsync("floor: minimal ASP.NET POST → {}", "kestrel", options.Calls, 1_000, pass =>
        {
            var step = 0L;
            return Task.FromResult<Func<Task<double>>>(async () =>
            {
                var body = Bodies.Metric("0123456789abcdef0123456789abcdef", "loss", _random.NextDouble(), _timestampBase + step, step++);
                return (await api.PostAsync(FloorServer.Path.TrimStart('/'), body).ConfigureAwait(false)).Milliseconds;
            });
        }, $"same body as log-metric, {server.Description}", server).ConfigureAwait(false);
    }

    private async Task<Row> HealthAsync()
    {
        var (server, _) = await WriteServerAsync().ConfigureAwait(false);
        using var api = new Api(server.Address);
        return await SequentialAsync("health: GET /health on crucible", Backend, options.Calls, 1_000, _ =>
            Task.FromResult<Func<Task<double>>>(async () => (await api.GetAsync("health").ConfigureAwait(false)).Milliseconds),
            "Crucible's host and middleware, no storage", server).ConfigureAwait(false);
    }

    private async Task<Row> LogMetricAsync()
    {
        var (server, experimentId) = await WriteServerAsync().ConfigureAwait(false);
        using var api = new Api(server.Address);
        return await SequentialAsync("log-metric: runs/log-metric, one at a time", Backend, options.Calls, 1_000, async pass =>
        {
            var runId = await NewRunAsync(api, experimentId, "log-metric-" + pass.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            var step = 0L;
            return async () =>
            {
                var body = Bodies.Metric(runId, "loss", _random.NextDouble(), _timestampBase + step, step++);
                return (await api.PostAsync(Bodies.LogMetric, body).ConfigureAwait(false)).Milliseconds;
            };
        }, $"a fresh run per pass, {server.Description}", server).ConfigureAwait(false);
    }

    private async Task<Row> LogBatchAsync()
    {
        var (server, experimentId) = await WriteServerAsync().ConfigureAwait(false);
        using var api = new Api(server.Address);
        return await SequentialAsync($"log-batch: {BatchCalls} × runs/log-batch of {BatchSize:N0} metrics", Backend, BatchCalls, BatchCalls, async pass =>
        {
            var runId = await NewRunAsync(api, experimentId, "log-batch-" + pass.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            var call = 0;
            return async () =>
            {
                var first = call++ * (BatchSize / 10);
                var metrics = Enumerable.Range(0, BatchSize).Select(j =>
                    ("m" + (j % 10).ToString(CultureInfo.InvariantCulture), _random.NextDouble(), _timestampBase + first + (j / 10), (long)(first + (j / 10)))).ToList();
                var body = Bodies.Batch(runId, metrics);
                return (await api.PostAsync(Bodies.LogBatch, body).ConfigureAwait(false)).Milliseconds;
            };
        }, $"per call; 10 keys × 100 steps per call, a fresh run per pass, {server.Description}", server).ConfigureAwait(false);
    }

    private async Task<Row> CreateRunAsync()
    {
        var (server, experimentId) = await WriteServerAsync().ConfigureAwait(false);
        using var api = new Api(server.Address);
        return await SequentialAsync("create-run: runs/create, one at a time", Backend, RunsPerPass, 100, pass =>
        {
            var i = 0;
            return Task.FromResult<Func<Task<double>>>(async () =>
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"run-{pass}-{i++}");
                var (answer, ms) = await api.PostAsync(Bodies.CreateRun, Bodies.Run(experimentId, name, _timestampBase + i)).ConfigureAwait(false);
                _ = Bodies.RunId(answer);
                return ms;
            });
        }, $"with run_name and start_time, {server.Description}", server).ConfigureAwait(false);
    }

    /// <summary>The storage cost without HTTP: one-metric LogBatchAsync calls on the store API, one at a time.</summary>
    private async Task<List<Row>> StoreLogMetricAsync()
    {
        var rows = new List<Row>();
        foreach (var fullSync in Backend == "sqlite" ? new[] { true, false } : [true])
        {
            await using var store = await MetadataStore.OpenAsync(
                await NewStoreAsync().ConfigureAwait(false), new MetadataStoreOptions { SqliteFullSync = fullSync, Seed = 42 }, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            var experimentId = await store.Experiments.CreateExperimentAsync("bench-store", null, [], CancellationToken.None).ConfigureAwait(false);
            var name = Backend == "sqlite" ? $"store log-metric (synchronous={(fullSync ? "FULL" : "NORMAL")}), no HTTP" : "store log-metric, no HTTP";
            rows.Add(await SequentialAsync(name, Backend, options.Calls, 1_000, async pass =>
            {
                var run = await store.Runs.CreateRunAsync(new CreateRunRequest(experimentId, "bench", "store-" + pass.ToString(CultureInfo.InvariantCulture), _timestampBase, []), CancellationToken.None).ConfigureAwait(false);
                var step = 0L;
                return async () =>
                {
                    var batch = new LogBatch([new Metric("loss", _random.NextDouble(), _timestampBase + step, step++)], [], []);
                    var t = Stopwatch.GetTimestamp();
                    await store.Runs.LogBatchAsync(run.Info.RunId, batch, CancellationToken.None).ConfigureAwait(false);
                    return Samples.Since(t);
                };
            }, "MetadataStore.Runs.LogBatchAsync in this process").ConfigureAwait(false));
            rows.Add(await CommitFloorAsync(fullSync).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>
    /// The durable-commit floor of the same engine: one bare row inserted and committed per call (a one-table database
    /// with the store's own pragmas on SQLite: WAL and the same synchronous; a new database on PostgreSQL with the
    /// server's settings), so that the store's log-metric can be read against what one durable commit costs.
    /// </summary>
    private async Task<Row> CommitFloorAsync(bool fullSync)
    {
        var uri = await NewStoreAsync().ConfigureAwait(false);
        System.Data.Common.DbConnection connection;
        if (Backend == "sqlite")
        {
            connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + uri["sqlite:///".Length..] + ";Pooling=False");
            await connection.OpenAsync().ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(fullSync ? "FULL" : "NORMAL")};").ConfigureAwait(false);
        }
        else
        {
            connection = new NpgsqlConnection(PostgresConnectionString(uri));
            await connection.OpenAsync().ConfigureAwait(false);
        }

        await using (connection)
        {
            await ExecuteAsync(connection, "CREATE TABLE floor_rows (run_uuid VARCHAR(32) NOT NULL, key VARCHAR(250) NOT NULL, value DOUBLE PRECISION NOT NULL, step BIGINT NOT NULL, PRIMARY KEY (run_uuid, key, step))").ConfigureAwait(false);
            var step = 0L;
            var name = Backend == "sqlite" ? $"durable-commit floor: bare INSERT + COMMIT (WAL, synchronous={(fullSync ? "FULL" : "NORMAL")}), no HTTP" : "durable-commit floor: bare INSERT + COMMIT, no HTTP";
            return await SequentialAsync(name, Backend, options.Calls, 1_000, _ => Task.FromResult<Func<Task<double>>>(async () =>
            {
                var t = Stopwatch.GetTimestamp();
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO floor_rows (run_uuid, key, value, step) VALUES ('r', 'loss', 0.5, @step)";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@step";
                parameter.Value = step++;
                command.Parameters.Add(parameter);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
                return Samples.Since(t);
            }), "one connection, one transaction per call, in this process").ConfigureAwait(false);
        }

        static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private async Task<List<Row>> SearchAsync()
    {
        var data = SearchData.Generate(options.SearchRuns);
        var uri = options.SearchStore ?? await NewStoreAsync().ConfigureAwait(false);
        Log($"   seeding {data.Count:N0} runs into {uri}");
        var (experimentId, reused, seconds) = await data.SeedAsync(uri, CancellationToken.None).ConfigureAwait(false);
        var seeded = reused ? "reused seed" : string.Create(CultureInfo.InvariantCulture, $"seeded in {seconds:0} s");
        Log($"   {seeded}");
        await using var server = await StartServerAsync(uri).ConfigureAwait(false);
        using var api = new Api(server.Address);

        var matches = data.Matches().ToList();
        const string filter = "metrics.m1 > 0.5 and params.p1 = 'a'";
        var variants = new (string Name, string? Filter, string OrderBy, Func<JsonElement, double> Key, IEnumerable<double> Expected)[]
        {
            ("search: m1 > 0.5 and p1 = 'a', order by metrics.m2 DESC", filter, "metrics.m2 DESC", r => MetricOf(r, "m2"),
                matches.Select(i => data.MetricValues[i][1]).OrderDescending()),
            ("search: m1 > 0.5 and p1 = 'a', order by start_time DESC", filter, "attributes.start_time DESC", StartTimeOf,
                matches.Select(i => (double)data.StartTimes[i]).OrderDescending()),
            ("search: no filter, order by metrics.m2 DESC", null, "metrics.m2 DESC", r => MetricOf(r, "m2"),
                Enumerable.Range(0, data.Count).Select(i => data.MetricValues[i][1]).OrderDescending()),
        };

        var rows = new List<Row>();
        foreach (var (name, variantFilter, orderBy, key, expected) in variants)
        {
            var body = Bodies.Search(experimentId, variantFilter, orderBy, SearchPageSize);
            var (first, firstMs) = await api.PostAsync(Bodies.SearchRuns, body).ConfigureAwait(false);
            Verify(name, first, key, expected.Take(SearchPageSize).ToList());
            var repeats = options.SearchRepeats;
            if (firstMs > 5_000)
            {
                repeats = Math.Min(repeats, 3);
            }
            else
            {
                for (var i = 0; i < 2; i++)
                {
                    await api.PostAsync(Bodies.SearchRuns, body).ConfigureAwait(false);
                }
            }

            var samples = new Samples();
            var cpuBefore = server.CpuTime();
            for (var i = 0; i < repeats; i++)
            {
                samples.Add((await api.PostAsync(Bodies.SearchRuns, body).ConfigureAwait(false)).Milliseconds);
            }

            var cpu = (server.CpuTime() - cpuBefore).TotalMilliseconds / repeats;

            var matched = variantFilter is null ? data.Count : matches.Count;
            rows.Add(new Row(name, Backend, samples, [],
                string.Create(CultureInfo.InvariantCulture, $"{data.Count:N0} runs, {matched:N0} match, first page of {SearchPageSize} verified; first (cold) call {Report.Ms(firstMs)} ms; server CPU {cpu:0.0} ms per search; {seeded}; {server.Description}")));
        }

        return rows;
    }

    /// <summary>
    /// Seeds (or reuses) <see cref="BenchOptions.RegistryModels"/> registered models of 10 versions each, then times
    /// warm GET searches of registered models (name prefix and tag) and of one model's versions, checking the answers.
    /// </summary>
    private async Task<List<Row>> RegistrySearchAsync()
    {
        var data = RegistryData.Generate(options.RegistryModels);
        var uri = options.RegistryStore ?? await NewStoreAsync().ConfigureAwait(false);
        Log($"   seeding {data.Count:N0} registered models × {RegistryData.VersionsPerModel} versions into {uri}");
        var (reused, seconds) = await data.SeedAsync(uri, CancellationToken.None).ConfigureAwait(false);
        var seeded = reused ? "reused seed" : string.Create(CultureInfo.InvariantCulture, $"seeded in {seconds:0} s");
        Log($"   {seeded}");
        await using var server = await StartServerAsync(uri).ConfigureAwait(false);
        using var api = new Api(server.Address);

        const string prefix = "model-01";
        const string team = "team-3";
        var single = data.Names[Math.Min(1_234, data.Count - 1)];
        var modelMatches = data.Matches(prefix, team).ToList();
        var variants = new (string Name, string Path, IReadOnlyList<string> Expected, string Matched)[]
        {
            ($"registered-models/search: name LIKE '{prefix}%' AND tags.team = '{team}', max_results={SearchPageSize}",
                "api/2.0/mlflow/registered-models/search?filter=" + Uri.EscapeDataString($"name LIKE '{prefix}%' AND tags.team = '{team}'") + "&max_results=" + SearchPageSize.ToString(CultureInfo.InvariantCulture),
                modelMatches.Take(SearchPageSize).ToList(),
                string.Create(CultureInfo.InvariantCulture, $"{data.Count:N0} models, {modelMatches.Count:N0} match, first page of {SearchPageSize} verified by name")),
            ($"model-versions/search: name = '{single}'",
                "api/2.0/mlflow/model-versions/search?filter=" + Uri.EscapeDataString($"name='{single}'"),
                [.. Enumerable.Range(1, RegistryData.VersionsPerModel).Reverse().Select(v => v.ToString(CultureInfo.InvariantCulture))],
                string.Create(CultureInfo.InvariantCulture, $"{data.Count * RegistryData.VersionsPerModel:N0} versions, {RegistryData.VersionsPerModel} match, all verified")),
        };

        var rows = new List<Row>();
        foreach (var (name, path, expected, matched) in variants)
        {
            var (first, firstMs) = await api.GetAsync(path).ConfigureAwait(false);
            VerifyRegistry(name, first, expected);
            for (var i = 0; i < 2; i++)
            {
                await api.GetAsync(path).ConfigureAwait(false);
            }

            var samples = new Samples();
            var cpuBefore = server.CpuTime();
            for (var i = 0; i < options.SearchRepeats; i++)
            {
                var (answer, ms) = await api.GetAsync(path).ConfigureAwait(false);
                samples.Add(ms);
                if (i == options.SearchRepeats - 1)
                {
                    VerifyRegistry(name, answer, expected);
                }
            }

            var cpu = (server.CpuTime() - cpuBefore).TotalMilliseconds / options.SearchRepeats;
            rows.Add(new Row(name, Backend, samples, [],
                string.Create(CultureInfo.InvariantCulture, $"GET; {matched}; first (cold) call {Report.Ms(firstMs)} ms; server CPU {cpu:0.0} ms per search; {seeded}; {server.Description}")));
        }

        return rows;
    }

    /// <summary>Checks a registry search answer: registered models by name, or model versions by version number, in order.</summary>
    private static void VerifyRegistry(string name, byte[] answer, IReadOnlyList<string> expected)
    {
        using var doc = JsonDocument.Parse(answer);
        var got = doc.RootElement.TryGetProperty("registered_models", out var models)
            ? models.EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToList()
            : doc.RootElement.TryGetProperty("model_versions", out var versions)
                ? versions.EnumerateArray().Select(v => v.GetProperty("version").GetString()!).ToList()
                : [];
        if (got.Count == 0 || !got.SequenceEqual(expected))
        {
            throw new InvalidOperationException($"{name}: the answer is wrong ({got.Count} items; expected {expected.Count}, first {string.Join(", ", got.Take(3))} vs {string.Join(", ", expected.Take(3))}).");
        }
    }

    private static double MetricOf(JsonElement run, string key)
    {
        foreach (var metric in run.GetProperty("data").GetProperty("metrics").EnumerateArray())
        {
            if (metric.GetProperty("key").GetString() == key)
            {
                return metric.GetProperty("value").GetDouble();
            }
        }

        return double.NaN;
    }

    private static double StartTimeOf(JsonElement run)
    {
        var value = run.GetProperty("info").GetProperty("start_time");
        return value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64();
    }

    private static void Verify(string name, byte[] answer, Func<JsonElement, double> key, List<double> expected)
    {
        using var doc = JsonDocument.Parse(answer);
        var got = doc.RootElement.TryGetProperty("runs", out var runs) ? runs.EnumerateArray().Select(key).ToList() : [];
        if (got.Count != expected.Count || got.Zip(expected).Any(p => Math.Abs(p.First - p.Second) > 1e-9))
        {
            throw new InvalidOperationException($"{name}: the first page is wrong ({got.Count} runs; expected {expected.Count}, first values {string.Join(", ", got.Take(3))} vs {string.Join(", ", expected.Take(3))}).");
        }
    }

    /// <summary>
    /// Runs one warmup pass of <paramref name="warmupCalls"/> calls, then <see cref="BenchOptions.Repeat"/> passes of
    /// <paramref name="calls"/> calls; <paramref name="preparePass"/> sets a pass up (untimed) and returns its call.
    /// </summary>
    private async Task<Row> SequentialAsync(string scenario, string backend, int calls, int warmupCalls, Func<int, Task<Func<Task<double>>>> preparePass, string notes, ServerHandle? server = null)
    {
        var warmup = await preparePass(-1).ConfigureAwait(false);
        for (var i = 0; i < warmupCalls; i++)
        {
            await warmup().ConfigureAwait(false);
        }

        var samples = new Samples();
        var totals = new List<double>();
        var cpu = TimeSpan.Zero;
        for (var pass = 0; pass < options.Repeat; pass++)
        {
            var call = await preparePass(pass).ConfigureAwait(false);
            var cpuBefore = server?.CpuTime() ?? TimeSpan.Zero;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
            {
                samples.Add(await call().ConfigureAwait(false));
            }

            totals.Add(Samples.Since(started));
            cpu += (server?.CpuTime() ?? TimeSpan.Zero) - cpuBefore;
            Log($"   pass {pass + 1}: {Report.Ms(totals[^1])} ms");
        }

        if (server is not null)
        {
            notes += string.Create(CultureInfo.InvariantCulture, $"; server CPU {cpu.TotalMilliseconds / samples.Count:0.000} ms per call");
        }

        return new Row(scenario, backend, samples, totals, notes) { CallsPerPass = calls };
    }

    private static async Task<string> NewRunAsync(Api api, string experimentId, string name)
    {
        var (answer, _) = await api.PostAsync(Bodies.CreateRun, Bodies.Run(experimentId, name, 0)).ConfigureAwait(false);
        return Bodies.RunId(answer);
    }

    /// <summary>The server the write scenarios share: started once per invocation on a fresh store.</summary>
    private async Task<(ServerHandle Server, string ExperimentId)> WriteServerAsync()
    {
        if (_writeServer is null)
        {
            _writeServer = await StartServerAsync(await NewStoreAsync().ConfigureAwait(false)).ConfigureAwait(false);
            using var api = new Api(_writeServer.Address);
            var (answer, _) = await api.PostAsync(Bodies.CreateExperiment, Bodies.Experiment("bench-writes")).ConfigureAwait(false);
            _writeExperiment = Bodies.ExperimentId(answer);
        }

        return (_writeServer, _writeExperiment!);
    }

    private async Task<ServerHandle> StartServerAsync(string storeUri)
    {
        var artifacts = Path.Combine(options.WorkDirectory, "artifacts-" + (++_stores).ToString(CultureInfo.InvariantCulture));
        if (!File.Exists(options.CliDll))
        {
            throw new InvalidOperationException($"No CLI at {options.CliDll}: build it (dotnet build src/Crucible.Cli -c Release) or pass --cli PATH.");
        }

        var port = ServerHandle.FreePort();
        return await ServerHandle.StartProcessAsync(options.CliDll, CrucibleCommand.Server(port, storeUri, artifacts), port).ConfigureAwait(false);
    }

    private Task<ServerHandle> StartFloorProcessAsync()
    {
        var port = ServerHandle.FreePort();
        return ServerHandle.StartProcessAsync(typeof(Runner).Assembly.Location, ["floor-server", "--port", port.ToString(CultureInfo.InvariantCulture)], port);
    }

    /// <summary>A new, empty store: a new SQLite file in the work folder, or a new PostgreSQL database.</summary>
    private async Task<string> NewStoreAsync()
    {
        var n = (++_stores).ToString(CultureInfo.InvariantCulture);
        if (Backend == "sqlite")
        {
            return "sqlite:///" + Path.Combine(options.WorkDirectory, $"store-{n}.db");
        }

        var name = $"crucible_bench_{System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}_{n}";
        await using (var admin = NpgsqlDataSource.Create(PostgresConnectionString(options.PostgresUri!)))
        await using (var command = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        _databases.Add(name);
        return new UriBuilder(options.PostgresUri!) { Path = "/" + name }.Uri.ToString();
    }

    private async Task DropDatabasesAsync()
    {
        if (_databases.Count == 0)
        {
            return;
        }

        await using var admin = NpgsqlDataSource.Create(PostgresConnectionString(options.PostgresUri!));
        foreach (var name in _databases)
        {
            await using var command = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private static string PostgresConnectionString(string uri)
    {
        var parsed = new Uri(uri);
        var user = parsed.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port <= 0 ? 5432 : parsed.Port,
            Database = parsed.AbsolutePath.TrimStart('/'),
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
        };
        return builder.ConnectionString;
    }
}
