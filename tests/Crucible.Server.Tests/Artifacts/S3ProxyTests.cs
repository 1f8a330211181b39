using System.Security.Cryptography;
using Crucible.Server.Hosting;
using Crucible.Storage.Tests.Artifacts;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace Crucible.Server.Tests.Artifacts;

/// <summary>The artifact proxy with an S3 bucket (a real moto server) as its destination.</summary>
public sealed class S3ProxyTests : IClassFixture<MotoServerFixture>, IAsyncLifetime
{
    private readonly MotoServerFixture _s3;
    private readonly TempDirectory _dir = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public S3ProxyTests(MotoServerFixture s3) => _s3 = s3;

    public async Task InitializeAsync()
    {
        // The server resolves the endpoint and credentials as MLflow users configure them: from the environment.
        Environment.SetEnvironmentVariable("MLFLOW_S3_ENDPOINT_URL", _s3.Endpoint.ToString());
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        _app = await CrucibleServer.CreateAsync(new ServerOptions
        {
            BackendStoreUri = "sqlite:///" + _dir.File("crucible.db"),
            ArtifactsDestination = $"s3://{_s3.Bucket}/mlruns",
            Port = 0,
            Auth = new() { Enabled = false },
        });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = _app.Address() };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_20_MB_upload_streams_to_s3_and_downloads_byte_for_byte()
    {
        var payload = new byte[20 * 1024 * 1024];
        new Random(42).NextBytes(payload);
        using (var put = await _http.PutAsync("/api/2.0/mlflow-artifacts/artifacts/0/run1/artifacts/model/weights.bin", new StreamContent(new MemoryStream(payload))))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var stored = await _s3.Client.GetObjectMetadataAsync(_s3.Bucket, "mlruns/0/run1/artifacts/model/weights.bin");
        Assert.Equal(payload.Length, stored.ContentLength);
        Assert.EndsWith("-3\"", stored.ETag, StringComparison.Ordinal); // 8 MiB parts: the multipart path was taken

        await using var download = await _http.GetStreamAsync("/api/2.0/mlflow-artifacts/artifacts/0/run1/artifacts/model/weights.bin");
        Assert.Equal(SHA256.HashData(payload), await SHA256.HashDataAsync(download));

        var listing = await _http.GetStringAsync("/api/2.0/mlflow-artifacts/artifacts?path=0/run1/artifacts/model");
        Assert.Contains("\"path\":\"weights.bin\"", listing, StringComparison.Ordinal);
        Assert.Contains($"\"file_size\":{payload.Length}", listing, StringComparison.Ordinal);
    }
}
