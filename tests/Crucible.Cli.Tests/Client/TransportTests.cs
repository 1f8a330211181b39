using System.Net;
using System.Net.Sockets;
using Crucible.Client;

namespace Crucible.Cli.Tests.Client;

public sealed class TransportTests
{
    [Fact]
    public async Task Mlflow_error_body_becomes_error_code_and_message()
    {
        using var handler = new StubHandler(HttpStatusCode.Conflict, """{"error_code":"RESOURCE_CONFLICT","message":"busy"}""");
        using var client = new CrucibleClient(new HttpClient(handler) { BaseAddress = new Uri("http://tracking.test") });

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetRunAsync("r"));

        Assert.Equal((HttpStatusCode.Conflict, "RESOURCE_CONFLICT", "busy"), (e.StatusCode, e.ErrorCode, e.Message));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND")]
    [InlineData(HttpStatusCode.BadGateway, "INTERNAL_ERROR")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "TEMPORARILY_UNAVAILABLE")]
    [InlineData(HttpStatusCode.Unauthorized, "UNAUTHENTICATED")]
    public async Task Non_mlflow_error_body_gets_a_code_from_the_status_and_the_body_in_the_message(HttpStatusCode status, string code)
    {
        using var handler = new StubHandler(status, "<html><body>proxy says no</body></html>", "text/html");
        using var client = new CrucibleClient(new HttpClient(handler) { BaseAddress = new Uri("http://tracking.test") });

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetExperimentAsync("1"));

        Assert.Equal(code, e.ErrorCode);
        Assert.Equal(status, e.StatusCode);
        Assert.Contains("proxy says no", e.Message, StringComparison.Ordinal);
        Assert.Contains("/api/2.0/mlflow/experiments/get", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tracking_uri_path_prefix_is_kept_and_query_values_are_escaped()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, """{"experiment":{"experiment_id":"1","name":"a b&c","artifact_location":"x","lifecycle_stage":"active","last_update_time":1,"creation_time":1}}""");
        using var client = new CrucibleClient(new HttpClient(handler) { BaseAddress = new Uri("http://tracking.test/mlflow") });

        var experiment = await client.GetExperimentByNameAsync("a b&c");

        Assert.Equal("a b&c", experiment.Name);
        Assert.Equal("http://tracking.test/mlflow/api/2.0/mlflow/experiments/get-by-name?experiment_name=a%20b%26c", handler.Requests[0].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Post_bodies_are_snake_case_json_without_nulls()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, "{}");
        using var client = new CrucibleClient(new HttpClient(handler) { BaseAddress = new Uri("http://tracking.test/") });

        await client.SetTagAsync("run1", "k", "v");

        Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
        Assert.Equal("""{"run_id":"run1","key":"k","value":"v"}""", handler.Requests[0].Body);
    }

    [Fact]
    public async Task A_server_repeating_its_page_token_is_refused_instead_of_looping()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, """{"metrics":[],"next_page_token":"same"}""");
        using var client = new CrucibleClient(new HttpClient(handler) { BaseAddress = new Uri("http://tracking.test/") });

        await Assert.ThrowsAsync<InvalidDataException>(() => client.GetMetricHistoryAsync("r", "m"));
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("max_results=25000", handler.Requests[0].Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_token_cancels_the_call()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, "{}");
        using var client = new CrucibleClient(new HttpClient(handler) { BaseAddress = new Uri("http://tracking.test/") });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.DeleteRunAsync("r", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.SearchAllRunsAsync(["1"], cancellationToken: cancelled.Token).ToListAsync());
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Connection_refused_surfaces_as_a_connection_error()
    {
        using var client = new CrucibleClient(new Uri($"http://127.0.0.1:{FreePort()}"));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetExperimentAsync("0"));

        Assert.Equal(HttpRequestError.ConnectionError, e.HttpRequestError);
    }

    [Fact]
    public void Constructors_refuse_what_cannot_be_a_tracking_server()
    {
        using var noBase = new HttpClient();

        Assert.Throws<ArgumentException>(() => new CrucibleClient(noBase));
        Assert.Throws<ArgumentException>(() => new CrucibleClient(new Uri("file:///tmp/mlruns")));
        using var prefixed = new CrucibleClient(new Uri("http://h:5000/x?q=1"));
        Assert.Equal(new Uri("http://h:5000/x/"), prefixed.TrackingUri);
    }

    [Fact]
    public async Task A_caller_owned_http_client_survives_disposal()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, "{}");
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://tracking.test/") };

        new CrucibleClient(http).Dispose();
        using var response = await http.GetAsync(new Uri("health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
