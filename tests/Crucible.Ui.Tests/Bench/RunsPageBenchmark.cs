using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crucible.Ui.Tests.Bench;

/// <summary>
/// Issue 16's runs-page benchmark, in headless Chromium through Playwright on an experiment of 100,000 runs
/// (<see cref="RunsSeed"/>): first contentful paint and the first rows drawn, cold (empty browser cache) and warm;
/// a re-sort by a metric (click to rows drawn and painted); the page weight (bytes over the wire, compressed and not,
/// split into the UI's files and the API's answers). Results go to the test output and
/// /tmp/crucible-ui-bench/results.json. Run with <c>CRUCIBLE_UI_BENCH=1</c> (docs/benchmarks.md, "Web UI").
/// </summary>
public sealed class RunsPageBenchmark(ITestOutputHelper output)
{
    private const int Repeats = 5;

    [BenchmarkFact]
    public async Task Runs_page_at_100k_runs()
    {
        var experimentId = await RunsSeed.EnsureAsync(SeedBenchmark.StoreUri, output.WriteLine);
        await using var server = await UiServer.StartAsync(backendStoreUri: SeedBenchmark.StoreUri);
        if (server.HasAdminToken)
        {
            // The store's first start: later runs reuse the store, its admin and this user.
            await server.CreateUserAsync("bench", UiFixture.Password, "viewer");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRUCIBLE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var url = $"/#/experiments/{experimentId}";

        var cold = new List<(double Fcp, double Rows)>();
        var warm = new List<(double Fcp, double Rows)>();
        var resort = new List<double>();
        var resortCall = new List<double>();
        Weight? weight = null;
        for (var i = 0; i < Repeats + 1; i++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            context.SetDefaultTimeout(60_000);
            var login = await context.APIRequest.PostAsync("/api/crucible/v1/auth/login", new() { DataObject = new { username = "bench", password = UiFixture.Password } });
            Assert.Equal(200, login.Status);
            var page = await context.NewPageAsync();
            var first = await LoadAsync(page, url, reload: false);
            var w = await WeightAsync(page);
            var second = await LoadAsync(page, url, reload: true);
            var sorts = new List<double[]>();
            foreach (var _ in Enumerable.Range(0, 2))
            {
                sorts.Add(await ResortAsync(page, "metrics.m2"));
            }

            if (i > 0)
            {
                // The first round warms the server (its first search reads the store from disk) and is not counted.
                cold.Add(first);
                warm.Add(second);
                resort.AddRange(sorts.Select(x => x[0]));
                resortCall.AddRange(sorts.Select(x => x[1]));
                weight ??= w;
            }

            await context.CloseAsync();
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"runs page, experiment of {RunsSeed.Count:N0} runs, {Repeats} rounds, load {File.ReadAllText("/proc/loadavg").Trim()}");
        report.AppendLine(Line("cold: first contentful paint", cold.Select(c => c.Fcp)));
        report.AppendLine(Line("cold: first 100 rows drawn", cold.Select(c => c.Rows)));
        report.AppendLine(Line("warm: first contentful paint", warm.Select(c => c.Fcp)));
        report.AppendLine(Line("warm: first 100 rows drawn", warm.Select(c => c.Rows)));
        report.AppendLine(Line("re-sort by metrics.m2 (click to painted)", resort));
        report.AppendLine(Line("  of which the runs/search call (browser resource timing)", resortCall));
        report.AppendLine(CultureInfo.InvariantCulture, $"page weight, cold: {weight}");
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync("/tmp/crucible-ui-bench/results.txt", report.ToString());
        await File.WriteAllTextAsync("/tmp/crucible-ui-bench/results.json", JsonSerializer.Serialize(new { cold, warm, resort, resortCall, weight = weight?.ToString() }));
        Assert.NotEmpty(resort);
    }

    /// <summary>Opens (or reloads) the runs page and answers its first contentful paint and the time its first rows were drawn (ms from navigation start).</summary>
    private static async Task<(double Fcp, double Rows)> LoadAsync(IPage page, string url, bool reload)
    {
        if (reload)
        {
            await page.ReloadAsync();
        }
        else
        {
            await page.GotoAsync(url);
        }

        await page.WaitForSelectorAsync("[data-page=runs][data-loads='1']");
        var times = await page.EvaluateAsync<double[]>("""
            () => new Promise(resolve => requestAnimationFrame(() => setTimeout(() => resolve([
              performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
              performance.getEntriesByName('crucible:runs-rendered')[0]?.startTime ?? -1]))))
            """);
        return (times[0], times[1]);
    }

    /// <summary>
    /// Clicks a column's sort button and answers the milliseconds until the re-sorted rows are drawn and a frame
    /// painted, and how long of that the runs/search call took.
    /// </summary>
    private static Task<double[]> ResortAsync(IPage page, string key) => page.EvaluateAsync<double[]>("""
        (key) => new Promise(resolve => {
          const root = document.querySelector('[data-page=runs]');
          const before = Number(root.dataset.loads);
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            if (Number(root.dataset.loads) > before) {
              observer.disconnect();
              requestAnimationFrame(() => requestAnimationFrame(() => resolve([performance.now() - t0,
                performance.getEntriesByType('resource').filter(e => e.name.includes('/runs/search')).at(-1).duration])));
            }
          });
          observer.observe(root, { attributes: true, attributeFilter: ['data-loads'] });
          document.querySelector(`[data-sort-key='${key}']`).click();
        })
        """, key);

    private static async Task<Weight> WeightAsync(IPage page)
    {
        var entries = await page.EvaluateAsync<JsonElement>("""
            () => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
              .map(e => ({ name: new URL(e.name).pathname, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize }))
            """);
        long uiWire = 0, uiRaw = 0, apiWire = 0, apiRaw = 0;
        var files = 0;
        foreach (var e in entries.EnumerateArray())
        {
            var name = e.GetProperty("name").GetString()!;
            var wire = (long)e.GetProperty("transfer").GetDouble();
            var raw = (long)e.GetProperty("decoded").GetDouble();
            if (name.StartsWith("/api/", StringComparison.Ordinal))
            {
                apiWire += wire;
                apiRaw += raw;
            }
            else
            {
                uiWire += wire;
                uiRaw += raw;
                files++;
            }
        }

        return new Weight(files, uiWire, uiRaw, apiWire, apiRaw);
    }

    private static string Line(string what, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{what}: median {sorted[sorted.Length / 2]:0} ms (min {sorted[0]:0}, max {sorted[^1]:0}, n {sorted.Length})");
    }

    private sealed record Weight(int UiFiles, long UiWireBytes, long UiBytes, long ApiWireBytes, long ApiBytes)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"UI {UiFiles} files, {UiWireBytes / 1024.0:0.0} KB over the wire ({UiBytes / 1024.0:0.0} KB uncompressed); API answers {ApiWireBytes / 1024.0:0.0} KB over the wire ({ApiBytes / 1024.0:0.0} KB)");
    }
}
