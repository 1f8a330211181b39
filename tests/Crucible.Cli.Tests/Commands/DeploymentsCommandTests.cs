using System.CommandLine;
using System.Text.Json;
using Crucible.Cli.Commands;
using Crucible.Cli.Rendering;
using Crucible.Cli.Tests.Client;
using Crucible.Contracts.Serving;
using Crucible.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Crucible.Cli.Tests.Commands;

/// <summary>The pure part of <c>crucible deployments</c>: flag pairing, references, the update merge and formatting. No server.</summary>
public sealed class DeploymentArgumentsTests
{
    private static readonly DeploymentDto Current = new(
        "churn",
        [new DeploymentRouteDto("mlp", "1", null, 90), new DeploymentRouteDto("mlp", null, "challenger", 10)],
        new ModelRefDto("mlp", "2"),
        new BatchingDto(32, 5),
        "the churn model",
        Capture: true,
        Revision: 7,
        CreationTimestamp: 1,
        LastUpdatedTimestamp: 2);

    [Fact]
    public void Weights_pair_with_the_model_before_them_and_default_to_100()
    {
        var routes = DeploymentArguments.PairRoutes([("--model", "a/1"), ("--model", "b@x"), ("--weight", "30"), ("--model", "c/2"), ("--weight", "0")]);

        Assert.Equal([new RouteArgument("a/1", null), new RouteArgument("b@x", 30), new RouteArgument("c/2", 0)], routes);
    }

    [Fact]
    public void No_model_flag_means_routes_stay_as_they_are()
    {
        Assert.Null(DeploymentArguments.PairRoutes([]));
    }

    [Fact]
    public void A_weight_before_any_model_is_refused()
    {
        var e = Assert.Throws<DeploymentUsageException>(() => DeploymentArguments.PairRoutes([("--weight", "10"), ("--model", "a/1")]));

        Assert.Contains("--weight 10 comes before any --model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_weights_for_one_model_are_refused()
    {
        var e = Assert.Throws<DeploymentUsageException>(() => DeploymentArguments.PairRoutes([("--model", "a/1"), ("--weight", "10"), ("--weight", "20")]));

        Assert.Contains("--model a/1 has two weights (10 and 20)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_parser_keeps_the_order_the_flags_were_typed_in_including_equals_forms()
    {
        var flags = new RouteFlags();
        var command = new Command("create");
        flags.AddTo(command);

        var changes = flags.Read(command.Parse(["--model", "mlp/1", "--weight", "90", "--shadow", "mlp@next", "--model=mlp@challenger", "--weight=10", "--model", "other/3"]));

        Assert.Equal([new RouteArgument("mlp/1", 90), new RouteArgument("mlp@challenger", 10), new RouteArgument("other/3", null)], changes.Routes);
        Assert.Equal("mlp@next", changes.Shadow);
    }

    [Theory]
    [InlineData("foo", "Invalid model reference 'foo': expected MODEL@ALIAS or MODEL/VERSION.")]
    [InlineData("mlp/latest", "a version is a positive integer")]
    [InlineData("mlp/0", "a version is a positive integer")]
    [InlineData("mlp@", "the alias is empty")]
    public void Bad_references_name_the_flag_and_say_what_is_wrong(string text, string expected)
    {
        var e = Assert.Throws<DeploymentUsageException>(() => DeploymentArguments.ParseReference("--model", text));

        Assert.StartsWith($"--model {text}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_builds_routes_with_default_weights_and_leaves_batching_to_the_server()
    {
        var request = DeploymentArguments.ForCreate("churn", new DeploymentChanges { Routes = [new("mlp@champion", null), new("mlp/3", 5)], Shadow = "mlp/4" });

        Assert.Equal("churn", request.Name);
        Assert.Equal([new DeploymentRouteDto("mlp", null, "champion", 100), new DeploymentRouteDto("mlp", "3", null, 5)], request.Routes);
        Assert.Equal(new ModelRefDto("mlp", "4"), request.Shadow);
        Assert.Null(request.Batching);
        Assert.True(request.Capture);
        Assert.Null(request.ExpectedRevision);
    }

    [Fact]
    public void Create_with_only_a_batch_size_waits_no_extra_time()
    {
        var request = DeploymentArguments.ForCreate("churn", new DeploymentChanges { Routes = [new("mlp/1", null)], MaxBatchSize = 16, Capture = false });

        Assert.Equal(new BatchingDto(16, 0), request.Batching);
        Assert.False(request.Capture);
    }

    [Theory]
    [InlineData("bad name", 1, 100, "Invalid deployment name 'bad name'")]
    [InlineData("churn", 0, 100, "max batch size must be 1 (off) to 4096")]
    [InlineData("churn", 5000, 100, "max batch size must be 1 (off) to 4096")]
    [InlineData("churn", 1, -1, "weights are 0 to 1000000")]
    [InlineData("churn", 1, 0, "at least one route needs a positive weight")]
    public void Create_is_checked_with_the_servers_limits_before_it_is_sent(string name, int batch, int weight, string expected)
    {
        var changes = new DeploymentChanges { Routes = [new("mlp/1", weight)], MaxBatchSize = batch };

        var e = Assert.Throws<DeploymentUsageException>(() => DeploymentArguments.ForCreate(name, changes));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_without_a_model_says_how_to_name_one()
    {
        var e = Assert.Throws<DeploymentUsageException>(() => DeploymentArguments.ForCreate("churn", new DeploymentChanges()));

        Assert.Contains("--model MODEL@ALIAS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_refuses_the_same_model_twice()
    {
        var e = Assert.Throws<DeploymentUsageException>(() =>
            DeploymentArguments.ForCreate("churn", new DeploymentChanges { Routes = [new("mlp/1", 50), new("mlp/1", 50)] }));

        Assert.Contains("names 'mlp/1' in more than one route", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_of_the_batch_size_keeps_everything_else_and_expects_the_revision_read()
    {
        var request = DeploymentArguments.ForUpdate(Current, new DeploymentChanges { MaxBatchSize = 64 });

        Assert.Equal("churn", request.Name);
        Assert.Equal(Current.Routes, request.Routes);
        Assert.Equal(Current.Shadow, request.Shadow);
        Assert.Equal(new BatchingDto(64, 5), request.Batching);
        Assert.Equal("the churn model", request.Description);
        Assert.True(request.Capture);
        Assert.Equal(7, request.ExpectedRevision);
    }

    [Fact]
    public void Update_with_models_replaces_every_route()
    {
        var request = DeploymentArguments.ForUpdate(Current, new DeploymentChanges { Routes = [new("mlp@challenger", null)] });

        Assert.Equal([new DeploymentRouteDto("mlp", null, "challenger", 100)], request.Routes);
        Assert.Equal(Current.Shadow, request.Shadow);
    }

    [Fact]
    public void Update_can_remove_the_shadow_clear_the_description_and_stop_capture()
    {
        var request = DeploymentArguments.ForUpdate(Current, new DeploymentChanges { RemoveShadow = true, Description = string.Empty, Capture = false });

        Assert.Null(request.Shadow);
        Assert.Null(request.Description);
        Assert.False(request.Capture);
        Assert.Equal(Current.Routes, request.Routes);
    }

    [Fact]
    public void Update_can_replace_the_shadow_and_the_delay()
    {
        var request = DeploymentArguments.ForUpdate(Current, new DeploymentChanges { Shadow = "mlp@next", MaxDelayMs = 2.5 });

        Assert.Equal(new ModelRefDto("mlp", null, "next"), request.Shadow);
        Assert.Equal(new BatchingDto(32, 2.5), request.Batching);
    }

    [Fact]
    public void Update_that_changes_nothing_is_refused()
    {
        var e = Assert.Throws<DeploymentUsageException>(() => DeploymentArguments.ForUpdate(Current, new DeploymentChanges()));

        Assert.StartsWith("Nothing to change", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_with_a_bad_shadow_reference_is_refused()
    {
        var e = Assert.Throws<DeploymentUsageException>(() => DeploymentArguments.ForUpdate(Current, new DeploymentChanges { Shadow = "nope" }));

        Assert.StartsWith("--shadow nope: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-01-31T12:00:00Z", 1769860800000L)]
    [InlineData("2026-01-31T12:00:00", 1769860800000L)]
    [InlineData("2026-01-31T13:00:00+01:00", 1769860800000L)]
    [InlineData("1769860800000", 1769860800000L)]
    public void Times_are_iso_8601_utc_by_default_or_epoch_milliseconds(string text, long expected)
    {
        Assert.Equal(expected, DeploymentArguments.ParseTime("--from", text));
    }

    [Fact]
    public void A_time_that_is_neither_is_refused()
    {
        Assert.Throws<DeploymentUsageException>(() => DeploymentArguments.ParseTime("--from", "yesterday"));
    }

    [Fact]
    public void Routes_read_as_references_with_traffic_shares()
    {
        Assert.Equal("mlp/1 90% · mlp@challenger 10%", DeploymentFormats.Routes(Current.Routes));
        Assert.Equal("a/1 33.3% · b/1 66.7%", DeploymentFormats.Routes([new("a", "1", null, 1), new("b", "1", null, 2)]));
        Assert.Equal("a/1 100%", DeploymentFormats.Routes([new("a", "1")]));
    }

    [Fact]
    public void Batching_and_state_read_in_one_cell()
    {
        Assert.Equal("off", DeploymentFormats.Batching(new BatchingDto(1, 0)));
        Assert.Equal("32 × 5ms", DeploymentFormats.Batching(new BatchingDto(32, 5)));
        Assert.Equal("-", DeploymentFormats.State(null));
        Assert.Equal("ready", DeploymentFormats.State([Status("ready"), Status("ready")]));
        Assert.Equal("loading (1/2)", DeploymentFormats.State([Status("ready"), Status("loading")]));
        Assert.Equal("failed (1/2)", DeploymentFormats.State([Status("failed"), Status("loading")]));
    }

    private static RouteStatusDto Status(string state) => new("mlp", "1", null, 100, "1", state, null);
}

/// <summary><c>crucible deployments</c> run in-process against the real server.</summary>
public sealed class DeploymentsCommandTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    private const string Nowhere = "http://127.0.0.1:1";

    private string Uri => server.Uri.ToString();

    [Fact]
    public async Task Create_with_a_split_then_list_shows_each_route_with_its_share()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("split");

        var created = await Cli.RunAsync(
            "deployments", "create", name, "--model", $"{model}/1", "--weight", "90", "--model", $"{model}@champion", "--weight", "10",
            "--max-batch-size", "8", "--max-delay-ms", "2", "--tracking-uri", Uri);
        var list = await Cli.RunAsync("deployments", "list", "--tracking-uri", Uri);

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.StartsWith($"Created deployment '{name}' (revision 1): {model}/1 90% · {model}@champion 10%.", created.Output, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        var row = Assert.Single(list.Output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.Contains($"{model}/1 90% · {model}@champion 10%", row, StringComparison.Ordinal);
        Assert.Contains("8 × 2ms", row, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_json_writes_the_deployment_response_and_show_json_reads_it_back()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("json");

        var created = await Cli.RunAsync("deployments", "create", name, "--model", $"{model}@champion", "--shadow", $"{model}/1", "--no-capture", "--description", "d", "--json", "--tracking-uri", Uri);
        var shown = await Cli.RunAsync("deployments", "show", name, "--json", "--tracking-uri", Uri);

        Assert.True(created.ExitCode == 0, created.Error);
        var deployment = JsonSerializer.Deserialize(created.Output, ServingJsonContext.Default.DeploymentResponse)!.Deployment;
        Assert.Equal([new DeploymentRouteDto(model, null, "champion", 100)], deployment.Routes);
        Assert.Equal(new ModelRefDto(model, "1"), deployment.Shadow);
        Assert.False(deployment.Capture);
        Assert.Equal("d", deployment.Description);
        Assert.Equal(name, JsonSerializer.Deserialize(shown.Output, ServingJsonContext.Default.DeploymentResponse)!.Deployment.Name);
    }

    [Fact]
    public async Task Show_lists_routes_the_shadow_and_endpoint_urls()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("show");
        Assert.Equal(0, (await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--shadow", $"{model}@champion", "--tracking-uri", Uri)).ExitCode);

        var shown = await Cli.RunAsync("deployments", "show", name, "--tracking-uri", Uri);

        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Contains(shown.Output.Split('\n'), l => l.Contains("route", StringComparison.Ordinal) && l.Contains($"{model}/1", StringComparison.Ordinal) && l.Contains("100%", StringComparison.Ordinal));
        Assert.Contains(shown.Output.Split('\n'), l => l.Contains("shadow", StringComparison.Ordinal) && l.Contains($"{model}@champion", StringComparison.Ordinal));
        Assert.Contains(Uri.TrimEnd('/') + "/", shown.Output, StringComparison.Ordinal);
        Assert.Contains(name, shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_changes_only_what_is_asked_and_bumps_the_revision()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("update");
        Assert.Equal(0, (await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--description", "keep me", "--tracking-uri", Uri)).ExitCode);

        var updated = await Cli.RunAsync("deployments", "update", name, "--model", $"{model}/1", "--weight", "80", "--model", $"{model}@champion", "--weight", "20", "--tracking-uri", Uri);

        Assert.True(updated.ExitCode == 0, updated.Error);
        Assert.StartsWith($"Updated deployment '{name}' to revision 2: {model}/1 80% · {model}@champion 20%.", updated.Output, StringComparison.Ordinal);
        using var client = server.Client();
        var deployment = await client.GetDeploymentAsync(name);
        Assert.Equal("keep me", deployment.Description);
        Assert.True(deployment.Capture);

        var unshadowed = await Cli.RunAsync("deployments", "update", name, "--no-capture", "--tracking-uri", Uri);
        Assert.True(unshadowed.ExitCode == 0, unshadowed.Error);
        Assert.False((await client.GetDeploymentAsync(name)).Capture);
    }

    [Fact]
    public async Task Update_refused_with_409_says_someone_else_changed_the_deployment()
    {
        await using var stub = await ConflictServer.StartAsync();

        var result = await Cli.RunAsync("deployments", "update", "busy", "--max-batch-size", "4", "--tracking-uri", stub.Uri);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("deployment 'busy' was changed by someone else after this command read it at revision 3; nothing was changed.", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, stub.ExpectedRevisionSent);
    }

    [Fact]
    public async Task Delete_removes_the_deployment_and_show_then_fails_with_the_problem_detail()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("delete");
        Assert.Equal(0, (await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--tracking-uri", Uri)).ExitCode);

        var deleted = await Cli.RunAsync("deployments", "delete", name, "--tracking-uri", Uri);
        var shown = await Cli.RunAsync("deployments", "show", name, "--tracking-uri", Uri);

        Assert.Equal((0, $"Deleted deployment '{name}'."), (deleted.ExitCode, deleted.Output.Trim()));
        Assert.Equal(1, shown.ExitCode);
        Assert.StartsWith("error: RESOURCE_DOES_NOT_EXIST: ", shown.Error, StringComparison.Ordinal);
        Assert.Contains(name, shown.Error, StringComparison.Ordinal);
        Assert.Contains("(HTTP 404)", shown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_of_a_taken_name_fails_with_the_error_code_on_stderr()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("taken");
        await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--tracking-uri", Uri);

        var result = await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--tracking-uri", Uri);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("error: RESOURCE_ALREADY_EXISTS: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Predictions_lists_captured_requests_with_version_and_latency()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("preds");
        Assert.Equal(0, (await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--tracking-uri", Uri)).ExitCode);
        await DeploymentClientTests.InferAsync(server, name, "req-1");
        await DeploymentClientTests.InferAsync(server, name, "req-2");
        using var client = server.Client();
        await DeploymentClientTests.WaitForPredictionsAsync(client, name, 2);

        var table = await Cli.RunAsync("deployments", "predictions", name, "--tracking-uri", Uri);
        var json = await Cli.RunAsync("deployments", "predictions", name, "--max-results", "1", "--json", "--tracking-uri", Uri);

        Assert.True(table.ExitCode == 0, table.Error);
        var row = Assert.Single(table.Output.Split('\n'), l => l.Contains("req-1", StringComparison.Ordinal));
        Assert.Contains($"{model}/1", row, StringComparison.Ordinal);
        Assert.Matches(@"\d+\.\d ms", row);
        Assert.Contains("req-2", table.Output, StringComparison.Ordinal);
        var page = JsonSerializer.Deserialize(json.Output, ServingJsonContext.Default.PredictionsResponse)!;
        Assert.Equal("req-1", Assert.Single(page.Predictions).RequestId);
        Assert.NotNull(page.NextPageToken);
    }

    [Theory]
    [InlineData("create", "--model", "foo")]
    [InlineData("create", "--model", "mlp/1", "--shadow", "mlp")]
    [InlineData("create", "--weight", "5", "--model", "mlp/1")]
    [InlineData("create", "--model", "mlp/1", "--weight", "5", "--weight", "6")]
    [InlineData("create", "--model", "mlp/1", "--max-batch-size", "0")]
    [InlineData("create")]
    [InlineData("update")]
    [InlineData("update", "--shadow", "mlp/1", "--no-shadow")]
    [InlineData("update", "--capture", "--no-capture")]
    [InlineData("update", "--model", "mlp")]
    public async Task Bad_flags_are_refused_with_exit_code_2_before_any_request(string subcommand, params string[] flags)
    {
        var result = await Cli.RunAsync(["deployments", subcommand, "churn", .. flags, "--tracking-uri", Nowhere]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot connect", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task An_invalid_reference_names_the_flag_and_the_expected_forms()
    {
        var result = await Cli.RunAsync("deployments", "create", "churn", "--model", "foo", "--tracking-uri", Nowhere);

        Assert.Equal("error: --model foo: Invalid model reference 'foo': expected MODEL@ALIAS or MODEL/VERSION.", result.Error.Trim());
    }

    /// <summary>A server whose deployment 'busy' is at revision 3 and whose every PUT loses a race: 409.</summary>
    [Fact]
    public async Task Create_of_a_model_that_cannot_be_served_exits_1_with_the_servers_reason()
    {
        var model = TrackingServer.UniqueName("tampered");
        var registered = await Cli.RunAsync("models", "register", DeploymentClientTests.FixturePath("mlp.onnx"), "--name", model, "--tracking-uri", Uri);
        Assert.True(registered.ExitCode == 0, registered.Error);
        var runId = System.Text.RegularExpressions.Regex.Match(registered.Output, "runs:/([0-9a-f]+)/").Groups[1].Value;
        var file = Directory.GetFiles(server.ArtifactsDirectory, "model.onnx", SearchOption.AllDirectories).Single(f => f.Contains(runId, StringComparison.Ordinal));
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        var name = TrackingServer.UniqueName("unservable");

        var result = await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--tracking-uri", Uri);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain($"Created deployment '{name}' (revision 1): ", result.Output, StringComparison.Ordinal);
        Assert.StartsWith($"error: deployment '{name}' was created but cannot serve: {model}/1 is failed (", result.Error, StringComparison.Ordinal);
        Assert.Contains("Checksum mismatch", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Not_serving_lists_each_route_that_is_not_ready_with_its_reason()
    {
        var deployment = new DeploymentDto("d", [], null, new BatchingDto(1, 0), null, true, 1, 0, 0)
        {
            Status =
            [
                new RouteStatusDto("m", "1", null, 90, "1", "ready", null),
                new RouteStatusDto("m", null, "next", 10, null, "failed", "no such alias"),
                new RouteStatusDto("m", "3", null, 0, null, "loading", null) { Shadow = true },
            ],
        };

        Assert.Equal("m@next is failed (no such alias); shadow m/3 is loading after 10 s", DeploymentsCommand.NotServing(deployment));
        Assert.Null(DeploymentsCommand.NotServing(deployment with { Status = [new RouteStatusDto("m", "1", null, 100, "1", "ready", null)] }));
    }

    private sealed class ConflictServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ConflictServer(WebApplication app) => _app = app;

        public string Uri => _app.Address().ToString();

        public long? ExpectedRevisionSent { get; private set; }

        public static async Task<ConflictServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var server = new ConflictServer(app);
            app.MapGet("/api/crucible/v1/deployments/busy", () => Results.Text(
                """{"deployment":{"name":"busy","routes":[{"model":"m","version":"1","weight":100}],"batching":{"max_batch_size":1,"max_delay_ms":0},"capture":true,"revision":3,"creation_timestamp":1,"last_updated_timestamp":2}}""",
                "application/json"));
            app.MapPut("/api/crucible/v1/deployments/busy", async (HttpRequest request) =>
            {
                var body = await JsonSerializer.DeserializeAsync(request.Body, ServingJsonContext.Default.DeploymentRequest);
                server.ExpectedRevisionSent = body?.ExpectedRevision;
                return Results.Text(
                    """{"type":"https://crucible.dev/errors/resource-conflict","title":"RESOURCE_CONFLICT","status":409,"detail":"Deployment 'busy' is at revision 4, not 3.","errorCode":"RESOURCE_CONFLICT"}""",
                    "application/problem+json",
                    statusCode: 409);
            });
            await app.StartAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
