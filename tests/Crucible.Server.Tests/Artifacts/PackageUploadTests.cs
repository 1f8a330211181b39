using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;
using Crucible.Server.Tests.Serving;
using Xunit.Abstractions;

namespace Crucible.Server.Tests.Artifacts;

/// <summary>
/// <c>POST /runs/{id}/packages/x</c> streams the model to disk in bounded memory, and a restart removes the temp
/// files of uploads a killed process never finished.
/// </summary>
public sealed class PackageUploadTests(ServingServer server, ITestOutputHelper output) : IClassFixture<ServingServer>
{
    private const long WeightBytes = 200L * 1024 * 1024;

    [Fact]
    public async Task A_200_MiB_model_is_written_with_bounded_server_memory()
    {
        var run = await server.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/create", new JsonObject { ["experiment_id"] = "0" });
        var runId = (string)run["run"]!["info"]!["run_id"]!;
        using var content = new LargeModelContent(WeightBytes);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Rss();
        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss());
                await Task.Delay(10, CancellationToken.None);
            }
        });

        using var response = await server.Http.PostAsync($"/api/crucible/v1/runs/{runId}/packages/big", content);
        await sampling.CancelAsync();
        await sampler;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        var model = body["files"]!.AsArray().Single(f => (string)f!["path"]! == "model.onnx")!;
        Assert.Equal(content.Sha256, (string)model["sha256"]!);
        Assert.Equal(content.Length, (long)model["size"]!);
        var stored = Directory.GetFiles(server.ArtifactsFolder, "model.onnx", SearchOption.AllDirectories)
            .Single(f => f.Contains(runId, StringComparison.Ordinal) && Path.GetFileName(Path.GetDirectoryName(f)) == "big");
        Assert.Equal(content.Length, new FileInfo(stored).Length);
        var growth = (peak - before) / (1024.0 * 1024.0);
        output.WriteLine($"body {content.Length / (1024.0 * 1024.0):F1} MiB; process RSS before {before / (1024.0 * 1024.0):F1} MiB, peak growth {growth:F1} MiB");
        Assert.True(growth < 64, $"RSS grew by {growth:F1} MiB while receiving a {WeightBytes >> 20} MiB model");
    }

    [Fact]
    public async Task A_restart_removes_stale_upload_temp_files_and_keeps_fresh_ones()
    {
        string? stale = null, fresh = null, kept = null;
        await using var restarted = await ServingServer.StartAsync(o =>
        {
            var folder = Path.Combine(o.ArtifactsDestination, "1", "abc", "artifacts");
            Directory.CreateDirectory(folder);
            stale = Path.Combine(folder, ".crucible-upload-0123456789abcdef");
            fresh = Path.Combine(folder, ".crucible-upload-fedcba9876543210");
            kept = Path.Combine(folder, "model.onnx");
            File.WriteAllText(stale, "cut off");
            File.WriteAllText(fresh, "in flight");
            File.WriteAllText(kept, "a real artifact");
            File.SetLastWriteTimeUtc(stale, File.GetLastWriteTimeUtc(fresh) - TimeSpan.FromHours(2));
            return o;
        }).AsDisposable();

        for (var i = 0; i < 200 && File.Exists(stale); i++)
        {
            await Task.Delay(25);
        }

        Assert.False(File.Exists(stale), "the stale temp file is removed at start");
        Assert.True(File.Exists(fresh), "a temp file written in the last minutes may be an upload in progress");
        Assert.True(File.Exists(kept));
    }

    [Fact]
    public async Task A_model_over_the_artifact_limit_is_a_413_and_leaves_no_package()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { MaxArtifactBytes = 64 * 1024 }).AsDisposable();
        var small = owned.Server;
        var run = await small.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/create", new JsonObject { ["experiment_id"] = "0" });
        var runId = (string)run["run"]!["info"]!["run_id"]!;
        using var content = new LargeModelContent(256 * 1024);

        using var response = await small.Http.PostAsync($"/api/crucible/v1/runs/{runId}/packages/big", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (int)body["status"]!);
        string[] files = Directory.Exists(small.ArtifactsFolder) ? Directory.GetFiles(small.ArtifactsFolder, "*", SearchOption.AllDirectories) : [];
        Assert.DoesNotContain(files, f => f.Contains(runId, StringComparison.Ordinal));
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>
    /// A valid ONNX model (y = Identity(x)) followed by a second graph field holding one float initializer of
    /// <c>weightBytes</c> zero bytes (protobuf merges the two graphs), generated as it is sent: the test never holds it.
    /// </summary>
    private sealed class LargeModelContent : HttpContent
    {
        private readonly byte[] _prefix;
        private readonly long _weightBytes;

        public LargeModelContent(long weightBytes)
        {
            _weightBytes = weightBytes;
            var head = new OnnxModelBuilder()
                .Input("x", OnnxElementType.Fp32, "N", 4)
                .Output("y", OnnxElementType.Fp32, "N", 4)
                .Node("Identity", ["x"], ["y"])
                .ToBytes();
            var tensorHead = Concat([0x08], Varint((ulong)(weightBytes / 4)), [0x10, 0x01, 0x42, 0x03, (byte)'b', (byte)'i', (byte)'g', 0x4A], Varint((ulong)weightBytes));
            var tensorLength = tensorHead.Length + weightBytes;
            var graphHead = Concat([0x2A], Varint((ulong)tensorLength));
            var graphLength = graphHead.Length + tensorLength;
            _prefix = Concat(head, [0x3A], Varint((ulong)graphLength), graphHead, tensorHead);
            Length = _prefix.Length + weightBytes;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(_prefix);
            var zeros = new byte[1 << 20];
            for (var left = weightBytes; left > 0; left -= zeros.Length)
            {
                sha.AppendData(zeros, 0, (int)Math.Min(left, zeros.Length));
            }

            Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
            Headers.ContentLength = Length;
        }

        public long Length { get; }

        public string Sha256 { get; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_prefix);
            var zeros = new byte[81920];
            for (var left = _weightBytes; left > 0; left -= zeros.Length)
            {
                await stream.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, zeros.Length)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Length;
            return true;
        }

        private static byte[] Varint(ulong value)
        {
            var bytes = new List<byte>();
            while (value >= 0x80)
            {
                bytes.Add((byte)(value | 0x80));
                value >>= 7;
            }

            bytes.Add((byte)value);
            return [.. bytes];
        }

        private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
    }
}
