using System.Text;

namespace Crucible.Server.Tests.Hardening;

/// <summary>
/// Dot segments and encoded slashes (issue 13, item 4): a path that would change meaning under normalisation is
/// refused before routing with a 400 in the family's format; <c>DELETE .../versions/..</c> once deleted the dataset.
/// </summary>
public sealed class DotSegmentTests : IAsyncLifetime
{
    private ServerFixture _server = null!;
    private EdgeProbe _probe = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        _probe = new EdgeProbe(_server.Http);
        using var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("a,b\n1,2\n"));
        csv.Headers.ContentType = new("text/csv");
        using var registered = await _server.Http.PostAsync("/api/crucible/v1/datasets/kept/versions?format=csv", csv);
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/api/crucible/v1/datasets/kept/versions/..")]
    [InlineData("/api/crucible/v1/datasets/kept/versions/%2e%2e")]
    [InlineData("/api/crucible/v1/datasets/kept/versions/%2E.")]
    [InlineData("/api/crucible/v1/datasets/kept/versions/1/../..")]
    [InlineData("/api/crucible/v1/datasets/kept/versions/./1")]
    [InlineData("/api/crucible/v1/datasets/kept%2fversions")]
    public async Task A_delete_through_dot_segments_is_refused_and_deletes_nothing(string target)
    {
        var answer = await _probe.SendAsync("DELETE", target);
        Assert.True(answer.Status == 400, answer.ToString());
        Assert.Equal("application/problem+json", answer.ResponseType);
        Assert.Contains("request path is refused", (string)answer.Json!["detail"]!, StringComparison.Ordinal);
        var versions = await _server.GetOkAsync("/api/crucible/v1/datasets/kept/versions");
        Assert.Single(versions["versions"]!.AsArray());
    }

    [Theory]
    [InlineData("/api/2.0/mlflow/experiments/../experiments/get?experiment_id=0")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/0/..%2f..%2fetc/passwd")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/0/a%5c..%5c..%5cx")]
    public async Task Mlflow_paths_with_dot_segments_or_encoded_slashes_get_mlflow_errors(string target)
    {
        var answer = await _probe.SendAsync("GET", target);
        Assert.True(answer.Status == 400, answer.ToString());
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)answer.Json!["error_code"]!);
    }

    [Fact]
    public async Task Dots_inside_a_segment_are_not_dot_segments()
    {
        var answer = await _probe.SendAsync("GET", "/api/crucible/v1/datasets/kept.v1..x/versions");
        Assert.DoesNotContain("request path is refused", answer.Text, StringComparison.Ordinal);
        Assert.Equal(200, (await _probe.SendAsync("GET", "/api/crucible/v1/datasets/kept/versions?path=../x")).Status);
    }
}
