using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Stats.Profiles;
using Crucible.Server.Endpoints.Monitoring;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>Issue 13 item 5: profile uploads are capped at <see cref="ProfilesEndpoints.MaxColumns"/> columns and refused past it, quickly.</summary>
public sealed class ProfileUploadCapTests
{
    private static async Task<(int Status, JsonNode Body)> PostAsync(ServingServer server, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await server.Http.PostAsync("/api/crucible/v1/deployments/scorer/profiles?window_start_ms=0", content);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }

    private static byte[] Csv(int columns) =>
        Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, columns).Select(i => $"c{i}")) + "\n" + string.Join(",", Enumerable.Range(0, columns).Select(i => i % 7)) + "\n");

    private static Task<ServingServer> StartAsync() => ProfilesEndpointTests.StartAsync();

    [Fact]
    public async Task A_csv_header_of_40k_columns_is_refused_within_a_second_and_nothing_is_stored()
    {
        await using var owned = await StartAsync().AsDisposable();
        var server = owned.Server;

        var clock = Stopwatch.StartNew();
        var (status, problem) = await PostAsync(server, Csv(40_000), "text/csv");
        clock.Stop();

        Assert.Equal(400, status);
        Assert.Contains("at least 40000 columns", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains($"limited to {ProfilesEndpoints.MaxColumns} columns", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the refusal took {clock.Elapsed}");
        var (_, list) = await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/scorer/profiles");
        Assert.Empty(list["windows"]!.AsArray());
    }

    [Fact]
    public async Task A_batch_at_the_cap_is_profiled_and_a_blob_past_it_is_refused()
    {
        await using var owned = await StartAsync().AsDisposable();
        var server = owned.Server;

        var (atCap, body) = await PostAsync(server, Csv(ProfilesEndpoints.MaxColumns), "text/csv");
        Assert.True(atCap == 200, body.ToJsonString());

        var builder = new ProfileBuilder();
        for (var c = 0; c <= ProfilesEndpoints.MaxColumns; c++)
        {
            builder.Add($"c{c}", c);
        }

        var (pastCap, problem) = await PostAsync(server, builder.Build().ToBytes(), "application/octet-stream");
        Assert.Equal(400, pastCap);
        Assert.Contains($"{ProfilesEndpoints.MaxColumns + 1} columns", (string)problem["detail"]!, StringComparison.Ordinal);
    }
}
