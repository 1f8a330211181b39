using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Crucible.Ui.Tests;

/// <summary>
/// Page weight of the registry and deployment pages, opened cold (empty cache, a deep link, then sign-in) in headless
/// Chromium: the bytes on the wire for the UI's own files and for the API answers, from the browser's Resource Timing
/// entries. Each page stays within a budget; with <c>CRUCIBLE_UI_PAGE_WEIGHTS=&lt;file&gt;</c> the table for
/// docs/benchmarks.md is written there.
/// </summary>
public sealed class RegistryPageWeightTests(UiFixture fixture, ITestOutputHelper output) : IClassFixture<UiFixture>, IAsyncLifetime
{
    /// <summary>The UI files a page may transfer on a cold load (compressed), shell included.</summary>
    private const long AssetBudget = 100 * 1024;

    public async Task InitializeAsync() => await RegistryData.EnsureAsync(fixture.Server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_registry_and_deployment_page_stays_within_its_weight_budget()
    {
        var pages = new (string Name, string Hash, string Ready)[]
        {
            ("models", "#/models", ".dt-row a"),
            ("model", $"#/models/{RegistryData.Model}", "#versions tbody tr"),
            ("model-version", $"#/models/{RegistryData.Model}/versions/1", "#lineage [data-node-kind='run']"),
            ("deployments", "#/deployments", "#deployments tbody tr"),
            ("deployment", $"#/deployments/{RegistryData.Deployment}", "#serving-stats tbody tr"),
        };
        var table = new StringBuilder("| page | requests | UI files (wire) | UI files (decoded) | API answers (wire) | total (wire) |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var (name, hash, ready) in pages)
        {
            var page = await fixture.SignInAsync(UiFixture.Editor, hash);
            await page.WaitForSelectorAsync(ready);
            var json = await page.EvaluateAsync<string>("""
                () => JSON.stringify([...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                  .map(e => ({ url: e.name, wire: e.transferSize, decoded: e.decodedBodySize })))
                """);
            var entries = JsonSerializer.Deserialize<List<Entry>>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
            var ui = entries.Where(e => IsUi(e.Url)).ToList();
            var api = entries.Where(e => !IsUi(e.Url)).ToList();
            long Sum(IEnumerable<Entry> list, Func<Entry, long> f) => list.Sum(f);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| `{hash}` | {entries.Count} | {Kb(Sum(ui, e => e.Wire))} | {Kb(Sum(ui, e => e.Decoded))} | {Kb(Sum(api, e => e.Wire))} | {Kb(Sum(entries, e => e.Wire))} |");
            table.Append(line).Append('\n');
            output.WriteLine(line);
            Assert.True(ui.Count > 3, $"{name}: only {ui.Count} UI files seen, so the measurement saw nothing");
            Assert.True(Sum(ui, e => e.Wire) < AssetBudget, $"{name}: {Sum(ui, e => e.Wire)} bytes of UI files on a cold load");
            await page.Context.CloseAsync();
        }

        if (Environment.GetEnvironmentVariable("CRUCIBLE_UI_PAGE_WEIGHTS") is { Length: > 0 } file)
        {
            await File.WriteAllTextAsync(file, table.ToString());
        }
    }

    private static bool IsUi(string url)
    {
        var path = new Uri(url).AbsolutePath;
        return path == "/" || path.StartsWith("/ui/", StringComparison.Ordinal);
    }

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";

    private sealed record Entry(string Url, long Wire, long Decoded);
}
