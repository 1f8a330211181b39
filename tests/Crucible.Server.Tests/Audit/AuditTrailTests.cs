using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crucible.Core.Audit;
using Crucible.Server.Audit;
using Crucible.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crucible.Server.Tests.Audit;

/// <summary>
/// The audit trail through a real server on SQLite: every mutating route of the endpoint table (read from the running
/// server, so a new route is walked without anyone listing it) leaves exactly one row with its action and the status
/// the client got, reads leave none, and the chain verifies until a row is edited or deleted behind the server's back.
/// </summary>
public sealed partial class AuditTrailTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IAuditStore Store => _server.App.Services.GetRequiredService<IAuditStore>();

    private async Task<IReadOnlyList<AuditEntry>> RowsAfterAsync(long after)
    {
        await _server.App.Services.GetRequiredService<AuditWriter>().FlushAsync();
        return await Store.ListAsync(new AuditQuery { AfterSequence = after, MaxResults = AuditQuery.MaxPage });
    }

    private async Task<long> HeadAsync()
    {
        await _server.App.Services.GetRequiredService<AuditWriter>().FlushAsync();
        return (await Store.HeadAsync()).Sequence;
    }

    [Fact]
    public async Task Every_mutating_route_leaves_exactly_one_row_with_its_action_and_outcome_and_reads_leave_none()
    {
        var routes = Routes();
        var mutating = routes.Where(r => r.Mutates).ToList();
        Assert.True(mutating.Count >= 50, $"only {mutating.Count} mutating routes found");
        var failures = new List<string>();
        var outcomes = new SortedDictionary<int, int>();
        foreach (var route in routes)
        {
            var before = await HeadAsync();
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), Fill(route.Template));
            if (route.Method is not ("GET" or "HEAD" or "OPTIONS"))
            {
                request.Content = new StringContent("""{"experiment_id":"x1","name":"audit-walk","password":"never-recorded"}""", Encoding.UTF8, "application/json");
            }

            using var response = await _server.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            var rows = await RowsAfterAsync(before);
            var label = $"{route.Method} {route.Template} ({status})";
            if (!route.Mutates)
            {
                if (rows.Count != 0)
                {
                    failures.Add($"{label}: a read left {rows.Count} rows");
                }

                continue;
            }

            outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
            if (rows.Count != 1)
            {
                failures.Add($"{label}: {rows.Count} rows");
            }
            else if (rows[0].Action != $"{route.Method} {route.Template}" || rows[0].Outcome != status)
            {
                failures.Add($"{label}: row says {rows[0].Action} -> {rows[0].Outcome}");
            }
            else if (rows[0].Target.Contains("never-recorded", StringComparison.Ordinal))
            {
                failures.Add($"{label}: target {rows[0].Target}");
            }
            else if ((rows[0].Actor, rows[0].ActorKind) != ("local", "System"))
            {
                failures.Add($"{label}: actor {rows[0].Actor}/{rows[0].ActorKind}");
            }
        }

        output.WriteLine($"{routes.Count} routes, {mutating.Count} mutating; outcomes {string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}"))}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var verification = await AuditChain.VerifyAsync(Store);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(mutating.Count, verification.EntriesChecked);
    }

    [Fact]
    public async Task A_row_names_the_route_values_and_body_ids_the_caller_and_the_request()
    {
        var created = await _server.PostOkAsync("/api/2.0/mlflow/experiments/create", new { name = "audited" });
        var experimentId = (string)created["experiment_id"]!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/2.0/mlflow/runs/create")
        {
            Content = new StringContent($$"""{"experiment_id":"{{experimentId}}","tags":[{"key":"secret","value":"s3cr3t"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Request-Id", "req-42");
        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        (await _server.SendAsync(HttpMethod.Delete, "/api/crucible/v1/monitors/no-such-monitor")).Status.ToString();

        var rows = await RowsAfterAsync(0);
        Assert.Equal(["POST /api/2.0/mlflow/experiments/create", "POST /api/2.0/mlflow/runs/create", "DELETE /api/crucible/v1/monitors/{id}"], rows.Select(r => r.Action));
        Assert.Equal("""{"name":"audited"}""", rows[0].Target);
        Assert.Equal($$"""{"experiment_id":"{{experimentId}}"}""", rows[1].Target);
        Assert.Equal(("req-42", "127.0.0.1", "default", 200), (rows[1].RequestId, rows[1].RemoteAddress, rows[1].Workspace, rows[1].Outcome));
        Assert.Equal(("""{"id":"no-such-monitor"}""", 404), (rows[2].Target, rows[2].Outcome));
        Assert.DoesNotContain(rows, r => r.Target.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_login_records_the_user_name_and_never_the_password()
    {
        // Whatever answers the login route (a 401 from the identity layer, or 404 before it exists), the attempt is a row.
        var (status, _, _) = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/auth/login", """{"username":"mallory","password":"hunter2"}""");
        using var basic = new HttpRequestMessage(HttpMethod.Post, "/api/2.0/mlflow/experiments/create")
        {
            Content = new StringContent("""{"name":"x"}""", Encoding.UTF8, "application/json"),
        };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("eve:topsecret")));
        using var _ = await _server.Http.SendAsync(basic);

        var rows = await RowsAfterAsync(0);
        Assert.Equal(2, rows.Count);
        Assert.Equal(status, rows[0].Outcome);
        Assert.Contains("\"username\":\"mallory\"", rows[0].Target, StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Target.Contains("hunter2", StringComparison.Ordinal) || r.Target.Contains("topsecret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_mutations_keep_the_chain_valid_and_each_one_has_its_row()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var (status, _, _) = await _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", $$"""{"name":"concurrent-{{i}}"}""");
            Assert.Equal(200, status);
        });

        var rows = await RowsAfterAsync(0);
        Assert.Equal(200, rows.Count);
        Assert.Equal(200, rows.Select(r => r.Target).Distinct().Count());
        var verification = await AuditChain.VerifyAsync(Store);
        Assert.True(verification.Intact, verification.Problem);
    }

    [Fact]
    public async Task The_api_lists_filters_exports_and_verifies_and_verify_finds_an_edited_and_a_deleted_row()
    {
        for (var i = 0; i < 5; i++)
        {
            await _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", $$"""{"name":"api-{{i}}"}""");
        }

        await _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", "{bad json");
        await RowsAfterAsync(0);

        var page = await _server.GetOkAsync("/api/crucible/v1/audit?max_results=2&after=1");
        Assert.Equal([2L, 3L], page["entries"]!.AsArray().Select(e => (long)e!["sequence"]!));
        Assert.Equal(3L, (long)page["next_after"]!);
        var refused = await _server.GetOkAsync("/api/crucible/v1/audit?outcome=400&action=POST%20/api/2.0/mlflow/");
        Assert.Equal([6L], refused["entries"]!.AsArray().Select(e => (long)e!["sequence"]!));
        Assert.Null(refused["next_after"]);
        Assert.Empty((await _server.GetOkAsync("/api/crucible/v1/audit?actor=nobody&since=2020-01-01T00:00:00Z"))["entries"]!.AsArray());
        var bad = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/audit?since=yesterday");
        Assert.Equal((400, "application/problem+json"), (bad.Status, bad.ContentType));

        var export = await _server.Http.GetStringAsync("/api/crucible/v1/audit/export");
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Equal(6L, (long)JsonNode.Parse(lines[^1])!["sequence"]!);

        var intact = await _server.PostOkAsync("/api/crucible/v1/audit/verify", new { });
        Assert.Equal((true, 6L), ((bool)intact["intact"]!, (long)intact["entries_checked"]!));
        Assert.Equal(6, await HeadAsync()); // verify is marked read-only: it leaves no row

        // An attacker with the database file drops the trigger and edits one row.
        var file = _server.App.Services.GetRequiredService<Crucible.Server.Hosting.ServerOptions>().BackendStoreUri["sqlite:///".Length..];
        await using (var db = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET outcome = 200 WHERE sequence = 6;";
            await command.ExecuteNonQueryAsync();
        }

        var edited = await _server.PostOkAsync("/api/crucible/v1/audit/verify", new { });
        Assert.Equal((false, 6L), ((bool)edited["intact"]!, (long)edited["first_bad_sequence"]!));

        await using (var db = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE sequence = 3;";
            await command.ExecuteNonQueryAsync();
        }

        var deleted = await _server.PostOkAsync("/api/crucible/v1/audit/verify", new { });
        Assert.Equal((false, 3L), ((bool)deleted["intact"]!, (long)deleted["first_bad_sequence"]!));
    }

    [Fact]
    public async Task Stopping_the_server_writes_every_queued_row()
    {
        var tasks = Enumerable.Range(0, 100).Select(i => _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", $$"""{"name":"stop-{{i}}"}"""));
        var answered = (await Task.WhenAll(tasks)).Count(r => r.Status == 200);
        await _server.App.StopAsync();
        var head = await Store.HeadAsync();
        Assert.Equal((100, 100L), (answered, head.Sequence));
    }

    private string Fill(string template) => RouteParameter().Replace(template, m => m.Groups["name"].Value == "path" ? "a/b.txt" : "x1");

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var endpoint in _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var readsOnly = endpoint.Metadata.GetMetadata<ReadsOnlyMetadata>() is not null;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            {
                routes.Add(new Route(method, template, !readsOnly && method is not ("GET" or "HEAD" or "OPTIONS")));
            }
        }

        return routes;
    }

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private sealed record Route(string Method, string Template, bool Mutates);
}
