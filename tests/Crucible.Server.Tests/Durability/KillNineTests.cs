using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.TestSupport;

namespace Crucible.Server.Tests.Durability;

/// <summary>
/// Every write the server acknowledged survives a <c>kill -9</c>: a separate server process takes log-metric
/// calls from 8 clients, is killed mid-load, restarted on the same store, and every acknowledged value is read back.
/// </summary>
public sealed class KillNineTests
{
    private static readonly ConcurrentQueue<string> Log = new();

    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_on_sqlite()
    {
        using var dir = new TempDirectory();
        await RunAsync("sqlite:///" + dir.File("crucible.db"), dir);
    }

    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_on_postgres()
    {
        using var dir = new TempDirectory();
        await RunAsync(PostgresServer.ToUri(PostgresServer.CreateDatabase("kill")), dir);
    }

    private static async Task RunAsync(string backend, TempDirectory dir)
    {
        var port = FreePort();
        var server = StartServer(backend, dir, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        string runId;
        try
        {
            await WaitHealthyAsync(http);
            var created = await http.PostAsync("/api/2.0/mlflow/runs/create", Json("""{"experiment_id":"0"}"""));
            runId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["run"]!["info"]!["run_id"]!.GetValue<string>();

            var acknowledged = new ConcurrentBag<(int Client, int Step)>();
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
            {
                for (var step = 0; step < 100_000 && !stop.IsCancellationRequested; step++)
                {
                    try
                    {
                        using var response = await http.PostAsync("/api/2.0/mlflow/runs/log-metric", Json($$"""{"run_id":"{{runId}}","key":"c{{client}}","value":{{step}},"timestamp":{{step}},"step":{{step}}}"""));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acknowledged.Add((client, step));
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone: unacknowledged writes may or may not be there
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToArray();

            await Task.Delay(TimeSpan.FromSeconds(2));
            server.Kill(entireProcessTree: true); // SIGKILL: no shutdown hooks, no flush
            await server.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(clients);
            Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} writes were acknowledged before the kill");

            server.Dispose();
            server = StartServer(backend, dir, port);
            await WaitHealthyAsync(http);
            foreach (var group in acknowledged.GroupBy(a => a.Client))
            {
                var history = JsonNode.Parse(await http.GetStringAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=c{group.Key}&max_results=25000"))!;
                var stored = history["metrics"]?.AsArray().Select(m => (int)m!["step"]!.GetValue<long>()).ToHashSet() ?? [];
                var lost = group.Select(a => a.Step).Where(s => !stored.Contains(s)).ToList();
                Assert.True(lost.Count == 0, $"client {group.Key} lost {lost.Count} acknowledged writes, e.g. step {lost.FirstOrDefault()}");
            }
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            server.Dispose();
        }
    }

    private static Process StartServer(string backend, TempDirectory dir, int port)
    {
        var cli = CliBinary.Path();
        var info = new ProcessStartInfo("dotnet", $"\"{cli}\" server --no-auth --port {port} --backend-store-uri \"{backend}\" --artifacts-destination \"{dir.File("artifacts")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir.Path,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Log.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => Log.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Polls /health until it answers, for up to 2 minutes: a loaded CI machine (load average 50 seen) can take tens of
    /// seconds to start a process, and one slow attempt must not fail the test.
    /// </summary>
    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                if ((await http.GetAsync("/health", attempt.Token)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not become healthy in 2 minutes; its output: " + string.Join("\n", Log));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
