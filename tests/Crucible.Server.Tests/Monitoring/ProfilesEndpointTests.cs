using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Serving;
using Crucible.Stats.Profiles;
using Crucible.Server.Tests.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>Issue 7: uploaded batches and blobs become stored window partials; the drift report reads them.</summary>
public sealed class ProfilesEndpointTests
{
    private const long Hour = 3_600_000;
    private static readonly long Start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static async Task<(int Status, JsonNode Body)> PostAsync(ServingServer server, string query, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await server.Http.PostAsync($"/api/crucible/v1/deployments/scorer/profiles?{query}", content);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }

    private static string Csv(IEnumerable<double> xs) =>
        "x,kind\n" + string.Concat(xs.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x},{(x > 0 ? "up" : "down")}\n")));

    /// <summary>A serving server with one deployed model, 'scorer', and the monitor loop off.</summary>
    internal static async Task<ServingServer> StartAsync()
    {
        var server = await ServingServer.StartAsync(o => o with { MonitorInterval = TimeSpan.Zero });
        var version = await server.RegisterAsync("scorer", ScalerModels.Scaler(1));
        await server.DeployAsync("scorer", "scorer", version);
        return server;
    }

    [Fact]
    public async Task Csv_jsonl_and_blob_uploads_merge_into_one_listed_window()
    {
        await using var owned = await StartAsync().AsDisposable();
        var server = owned.Server;

        var (csv, csvBody) = await PostAsync(server, $"window_start_ms={Start}&replica=a&model_version=7", Encoding.UTF8.GetBytes(Csv([1, 2, 3])), "text/csv");
        Assert.True(csv == 200, csvBody.ToJsonString());
        Assert.Equal(3, (long)csvBody["rows_added"]!);
        var (jsonl, _) = await PostAsync(server, $"window_start_ms={Start}&replica=b&model_version=7", "{\"x\": 4, \"kind\": \"up\"}\n{\"x\": -5, \"kind\": \"down\"}\n"u8.ToArray(), "application/jsonl");
        Assert.Equal(200, jsonl);
        var builder = new ProfileBuilder();
        builder.AddRow([new("x", 6.0), new("kind", "up")]);
        var (blob, blobBody) = await PostAsync(server, $"window_start_ms={Start}&replica=b&model_version=7", builder.Build().ToBytes(), "application/octet-stream");
        Assert.Equal(200, blob);
        Assert.Equal(6, (long)blobBody["window"]!["rows"]!);

        var (status, list) = await server.SendAsync(HttpMethod.Get, $"/api/crucible/v1/deployments/scorer/profiles?start_ms={Start}&end_ms={Start + Hour}");
        Assert.Equal(200, status);
        var window = Assert.Single(list["windows"]!.AsArray())!;
        Assert.Equal((Start, Hour, "7", 6L), ((long)window["window_start"]!, (long)window["window_ms"]!, (string)window["model_version"]!, (long)window["rows"]!));
        Assert.Equal(["a", "b"], window["replicas"]!.AsArray().Select(r => (string)r!));
        Assert.Empty(window["problems"]!.AsArray());
        Assert.False((bool)list["truncated"]!);
    }

    [Theory]
    [InlineData("replica=a", "text/csv", "x\n1\n", "window_start_ms")]
    [InlineData("window_start_ms=1000", "text/csv", "x\n1\n", "multiple of 'window_ms'")]
    [InlineData("window_start_ms=0&window_ms=0", "text/csv", "x\n1\n", "window_ms")]
    [InlineData("window_start_ms=-3600000", "text/csv", "x\n1\n", "Unix milliseconds")]
    [InlineData("window_start_ms=0", "application/json", "{}", "Content type")]
    [InlineData("window_start_ms=0", "text/csv", "", "empty")]
    [InlineData("window_start_ms=0", "text/csv", "x,y\n1\n", "could not be profiled")]
    [InlineData("window_start_ms=0", "application/octet-stream", "not a profile", "not a readable profile blob")]
    public async Task Bad_uploads_are_problem_details(string query, string contentType, string body, string message)
    {
        await using var owned = await StartAsync().AsDisposable();
        var (status, problem) = await PostAsync(owned.Server, query, Encoding.UTF8.GetBytes(body), contentType);
        Assert.Equal(400, status);
        Assert.Contains(message, (string?)problem["detail"] ?? problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_blob_is_refused_and_unknown_deployments_are_not_found()
    {
        await using var owned = await StartAsync().AsDisposable();
        var builder = new ProfileBuilder();
        builder.Add("x", 1.0);
        byte[] blob = builder.Build().ToBytes();
        blob[blob.Length / 2] ^= 0x55;
        var (status, problem) = await PostAsync(owned.Server, "window_start_ms=0", blob, "application/octet-stream");
        Assert.Equal(400, status);
        Assert.Contains("checksum", (string?)problem["detail"], StringComparison.Ordinal);
        var (missing, _) = await owned.Server.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/nope/profiles");
        Assert.Equal(404, missing);
    }

    [Fact]
    public async Task The_drift_report_reads_stored_windows_when_the_log_has_none()
    {
        await using var owned = await StartAsync().AsDisposable();
        var server = owned.Server;
        var rng = new Random(20261122);
        var log = server.App.Services.GetRequiredService<IPredictionLogStore>();

        // The reference hour is in the log; hours 1-5 exist only as uploaded partials (drifted from hour 3 on).
        var records = Enumerable.Range(0, 300).Select(i => new PredictionRecord(
            $"r{i}", "scorer", "scorer", "1", Start + (i * 1000),
            string.Create(CultureInfo.InvariantCulture, $$$"""{"x":{"datatype":"FP64","shape":[1],"data":[{{{Normal(rng)}}}]}}"""), null, 1, false)).ToList();
        await log.AppendPredictionsAsync(records, CancellationToken.None);
        for (int hour = 1; hour < 6; hour++)
        {
            var xs = Enumerable.Range(0, 300).Select(_ => (hour >= 3 ? 3 : 0) + Normal(rng)).ToList();
            string x = "x\n" + string.Concat(xs.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v}\n")));
            var (status, body) = await PostAsync(server, $"window_start_ms={Start + (hour * Hour)}&replica=r{hour % 2}", Encoding.UTF8.GetBytes(x), "text/csv");
            Assert.True(status == 200, body.ToJsonString());
        }

        using var response = await server.Http.GetAsync(
            $"/api/crucible/v1/deployments/scorer/drift-report?start_ms={Start + Hour}&end_ms={Start + (6 * Hour)}&reference_start_ms={Start}&reference_end_ms={Start + Hour}");
        string html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains("3 of 5 windows with data drifted; 0 windows had no rows; first drift in the window starting 2026-03-01 03:00 UTC", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Served_predictions_become_this_replicas_partial_of_their_hour()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { MonitorInterval = TimeSpan.Zero, ProfileReplica = "replica-7", ProfileFlushInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("scorer", ScalerModels.Scaler(1));
        await server.DeployAsync("scorer", "scorer", version);
        for (int i = 0; i < 5; i++)
        {
            await server.OkAsync(HttpMethod.Post, "/v2/models/scorer/infer", ScalerModels.Request([i, i + 1, i + 2, i + 3]));
        }

        await server.App.Services.GetRequiredService<Crucible.Serving.Capture.PredictionCapture>().FlushAsync(CancellationToken.None);
        var profiles = server.App.Services.GetRequiredService<Crucible.Monitoring.Capture.CaptureWindowProfiles>();
        Assert.Equal(1, await profiles.FlushAsync(server.App.Services.GetRequiredService<Crucible.Monitoring.Windows.ProfileStore>()));

        var list = await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/scorer/profiles");
        var window = Assert.Single(list["windows"]!.AsArray())!;
        Assert.Equal(["replica-7"], window["replicas"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(version, (string)window["model_version"]!);
        Assert.Equal(0, (long)window["window_start"]! % Hour);
        Assert.Equal(5, (long)window["rows"]!);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
