using System.Globalization;
using System.Text;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Windows;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;
using Crucible.Server.Tests.Serving;
using Crucible.Serving.Capture;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>
/// Issue 13 item 5: a [1, 3, 32, 32, 32] model served with capture on through the real server. One request once made
/// an 819 MB profile blob; now the log keeps a 1,024-element sample per row and the profile has fixed columns.
/// </summary>
public sealed class HighRankCaptureTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Elements = 3 * 32 * 32 * 32;

    /// <summary>y = 2 · x over a volume; the output is as wide as the input, so both sides are sampled.</summary>
    private static byte[] VolumeModel() => new OnnxModelBuilder()
        .Input("x", OnnxElementType.Fp32, "N", 3, 32, 32, 32)
        .Output("y", OnnxElementType.Fp32, "N", 3, 32, 32, 32)
        .Initializer("k", [2f], 1)
        .Node("Mul", ["x", "k"], ["y"])
        .ToBytes();

    private static string Request(Random random)
    {
        var body = new StringBuilder("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,32,32,32],\"datatype\":\"FP32\",\"data\":[", Elements * 8);
        for (var i = 0; i < Elements; i++)
        {
            body.Append(i == 0 ? string.Empty : ",").Append((random.NextDouble() + (i / (Elements / 3))).ToString("0.####", CultureInfo.InvariantCulture));
        }

        return body.Append("]}]}").ToString();
    }

    private static async Task FlushAsync(ServingServer server)
    {
        await server.App.Services.GetRequiredService<PredictionCapture>().FlushAsync(CancellationToken.None);
        await server.App.Services.GetRequiredService<CaptureWindowProfiles>().FlushAsync(server.App.Services.GetRequiredService<ProfileStore>());
    }

    /// <summary>Pages of the database in use (file size without the WAL's reuse noise), in bytes; and the largest profile blob.</summary>
    private static (long DatabaseBytes, long LargestBlob) Measure(ServingServer server)
    {
        using var connection = new SqliteConnection($"Data Source={server.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()) - (SELECT freelist_count * page_size FROM pragma_freelist_count(), pragma_page_size()), (SELECT coalesce(max(length(blob)), 0) FROM profile_partials)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task Database_growth_memory_and_the_profile_per_request_are_bounded_for_a_volume_model()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { MonitorInterval = TimeSpan.Zero, ProfileFlushInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("volume", VolumeModel());
        await server.DeployAsync("volume", "volume", version);
        await server.WaitReadyAsync("volume");
        var random = new Random(13);
        const int Requests = 20;
        var bodies = Enumerable.Range(0, Requests + 1).Select(_ => Request(random)).ToList();

        var (status, _) = await server.SendAsync(HttpMethod.Post, "/v2/models/volume/infer", raw: bodies[0]);
        Assert.Equal(200, status);
        await FlushAsync(server);
        var (databaseAfterOne, blobAfterOne) = Measure(server);
        long heapAfterOne = GC.GetTotalMemory(forceFullCollection: true);

        foreach (var body in bodies.Skip(1))
        {
            (status, _) = await server.SendAsync(HttpMethod.Post, "/v2/models/volume/infer", raw: body);
            Assert.Equal(200, status);
            await FlushAsync(server);
        }

        long bodies0 = Encoding.UTF8.GetByteCount(bodies[0]);
        bodies.Clear();
        var (databaseAfterAll, blobAfterAll) = Measure(server);
        long heapAfterAll = GC.GetTotalMemory(forceFullCollection: true);

        // A request body is ~0.6 MB of JSON (98,304 values); the log keeps 1,024 sampled values of the input and of the
        // output (~8 KB each as JSON), and the window's profile is one fixed-size blob rewritten in place.
        long perRequest = (databaseAfterAll - databaseAfterOne) / Requests;
        long heapPerRequest = (heapAfterAll - heapAfterOne) / Requests;
        output.WriteLine($"request body {bodies0} bytes; database +{perRequest} bytes/request; profile blob {blobAfterOne} -> {blobAfterAll} bytes; managed heap {heapPerRequest:+#;-#;0} bytes/request");
        Assert.True(perRequest < 48 * 1024, $"the database grew {perRequest} bytes per request");
        Assert.True(blobAfterAll < 512 * 1024, $"the profile blob is {blobAfterAll} bytes");
        Assert.True(blobAfterAll < 2 * blobAfterOne, $"the profile blob grew from {blobAfterOne} to {blobAfterAll} bytes over {Requests} requests");
        Assert.True(heapPerRequest < 256 * 1024, $"the managed heap kept {heapPerRequest} bytes per request");

        var window = Assert.Single(await server.App.Services.GetRequiredService<ProfileStore>().LoadRangeAsync("volume", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue));
        var profile = window.Merged.Profile!;
        Assert.Equal(Requests + 1, profile.RowCount);
        Assert.Equal(2 * (9 + 6), profile.ColumnNames.Count);
        Assert.Equal(1.5, profile["x.channel[1].mean"].Moments.Mean, 1);
        Assert.Equal(2 * 2.5, profile["prediction.y.channel[2].mean"].Moments.Mean, 1);

        var logged = await server.App.Services.GetRequiredService<IPredictionLogStore>().QueryPredictionsAsync(new PredictionQuery("volume", null, null, 1, null), CancellationToken.None);
        Assert.Contains("\"sampled_from\":[1,3,32,32,32]", Assert.Single(logged.Items).Inputs, StringComparison.Ordinal);
    }
}
