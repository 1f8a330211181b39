using System.Text;

namespace Crucible.Server.Tests.Artifacts;

/// <summary>
/// Files served by the artifact proxy are the uploader's content on this server's origin: every download carries
/// <c>Content-Security-Policy: sandbox</c> and <c>nosniff</c>, so an uploaded HTML page opened directly cannot run
/// script as the signed-in viewer.
/// </summary>
public sealed class ArtifactSandboxTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("report.html", "text/html")]
    [InlineData("notes.txt", "text/plain")]
    public async Task A_downloaded_artifact_is_sandboxed_and_not_sniffed(string file, string type)
    {
        var path = "/api/2.0/mlflow-artifacts/artifacts/0/sandbox/artifacts/" + file;
        using (var put = await _server.Http.PutAsync(path, new StringContent("<script>fetch('/api/2.0/mlflow/experiments/search')</script>", Encoding.UTF8, "application/octet-stream")))
        {
            put.EnsureSuccessStatusCode();
        }

        using var get = await _server.Http.GetAsync(path);
        get.EnsureSuccessStatusCode();
        Assert.Equal(type, get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sandbox", Assert.Single(get.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(get.Headers.GetValues("X-Content-Type-Options")));
    }
}
