using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Crucible.Deploy.Tests;

/// <summary>
/// deploy/Dockerfile builds (its <c>prebuilt</c> path, FROM the local base images: no registry is reachable here) and
/// the image runs <c>crucible server</c> as uid 10001 on a read-only root with data in a volume that survives a
/// restart, answers its HEALTHCHECK, and runs <c>crucible demo</c>.
/// </summary>
public sealed class ImageTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // --format docker: the OCI image format has no HEALTHCHECK (buildah drops it with a warning).
    [Fact]
    public async Task The_image_builds_runs_the_server_with_data_kept_across_a_restart_and_runs_the_demo()
    {
        await Podman.EnsureBaseImagesAsync();
        var tag = "localhost/crucible:test-" + Guid.NewGuid().ToString("N")[..8];
        var name = "crucible-test-" + Guid.NewGuid().ToString("N")[..8];
        var volume = name + "-data";
        var context = await ContextAsync();
        try
        {
            await Podman.CheckAsync(TimeSpan.FromMinutes(3), "build", "--format", "docker", "-f", Path.Combine(context, "deploy", "Dockerfile"),
                "--build-arg", "PUBLISHED=prebuilt", "--build-arg", "RUNTIME_IMAGE=" + Podman.Runtime, "-t", tag, context);
            var labels = await Podman.CheckAsync(Minute, "image", "inspect", "--format", "{{json .Labels}} {{.Config.User}} {{json .Config.Healthcheck}}", tag);
            Assert.Contains("\"org.opencontainers.image.title\":\"Crucible\"", labels, StringComparison.Ordinal);
            Assert.Contains(" 10001:10001 ", labels, StringComparison.Ordinal);
            Assert.Contains("/health", labels, StringComparison.Ordinal);

            var port = FreePort();
            await Podman.CheckAsync(Minute, "run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges", "-v", volume + ":/data", "-p", $"127.0.0.1:{port}:8080", tag);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitHealthyAsync(http);
            Assert.Equal("10001", (await Podman.CheckAsync(Minute, "exec", name, "id", "-u")).Trim());
            Assert.Equal(0, (await Podman.RunAsync(Minute, "healthcheck", "run", name)).Exit);
            var token = (await Podman.CheckAsync(Minute, "exec", name, "cat", "/data/admin.token")).Trim();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using (var created = await http.PostAsync("/api/2.0/mlflow/experiments/create", new StringContent("""{"name":"kept"}""", Encoding.UTF8, "application/json")))
            {
                Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            }

            await Podman.CheckAsync(Minute, "restart", "-t", "20", name);
            await WaitHealthyAsync(http);
            using (var found = await http.GetAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=kept"))
            {
                Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            }

            var demo = await Podman.CheckAsync(TimeSpan.FromMinutes(4), "run", "--rm", "--read-only", "--tmpfs", "/tmp", "-v", volume + "-demo:/data", tag, "demo");
            Assert.Contains("promote", demo, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await Podman.RunAsync(Minute, "rm", "-f", "-t", "5", name);
            await Podman.RunAsync(Minute, "volume", "rm", "-f", volume, volume + "-demo");
            await Podman.RunAsync(Minute, "rmi", "-f", tag);
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>A build context of deploy/Dockerfile and, in deploy/prebuilt, the CLI built beside this test run (Linux x64 native libraries only).</summary>
    private static async Task<string> ContextAsync()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var cli = Tools.Repo("src", "Crucible.Cli", "bin", configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(cli, "crucible.dll")), $"the CLI is not built at {cli}");
        var context = Directory.CreateTempSubdirectory("crucible-image-").FullName;
        var prebuilt = Path.Combine(context, "deploy", "prebuilt");
        Directory.CreateDirectory(Path.Combine(context, "deploy"));
        File.Copy(Tools.Repo("deploy", "Dockerfile"), Path.Combine(context, "deploy", "Dockerfile"));
        await Tools.CheckAsync("cp", ["-a", cli, prebuilt], Minute);
        foreach (var runtime in Directory.Exists(Path.Combine(prebuilt, "runtimes")) ? Directory.GetDirectories(Path.Combine(prebuilt, "runtimes")) : [])
        {
            if (Path.GetFileName(runtime) != "linux-x64")
            {
                Directory.Delete(runtime, recursive: true);
            }
        }

        return context;
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var limit = TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync("/health");
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < limit)
            {
            }

            Assert.True(waited.Elapsed < limit, "the server in the container did not answer /health within 2 minutes");
            await Task.Delay(500);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
