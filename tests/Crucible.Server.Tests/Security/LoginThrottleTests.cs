using System.Net.Http.Headers;
using Crucible.Core.Audit;
using Crucible.Server.Audit;
using Crucible.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security;

/// <summary>
/// Failed-login throttling through a real server on a manual clock: a user name, and separately a client address,
/// locked out after N failures in a window with 429 and Retry-After, unverified while locked, the lockout doubling
/// each time in a row, a success resetting the name (not the address), and every refusal audited.
/// </summary>
public sealed class LoginThrottleTests
{
    private const string Login = "/api/crucible/v1/auth/login";

    private static Func<ServerOptions, ServerOptions> Limits(int perUser, int perAddress) => o => o with
    {
        Auth = o.Auth with
        {
            LoginFailuresPerUser = perUser,
            LoginFailuresPerAddress = perAddress,
            LoginFailureWindow = TimeSpan.FromMinutes(15),
            LoginLockout = TimeSpan.FromMinutes(1),
            LoginLockoutMax = TimeSpan.FromMinutes(3),
        },
    };

    [Fact]
    public async Task Failures_for_one_user_name_lock_it_out_with_a_429_and_retry_after_that_doubles_and_a_success_resets_it()
    {
        await using var server = await AuthServer.StartAsync(Limits(perUser: 3, perAddress: 0));
        await server.CreateUserAsync("carol", "carol-right-password");
        await server.CreateUserAsync("dave", "dave-right-password");

        Assert.Equal(new[] { 401, 401, 401 }, await LoginsAsync(server, "carol", "wrong", 3));
        var verified = server.Hashing.Verifications;
        var (locked, problem, response) = await LoginAsync(server, "carol", "carol-right-password");
        var (basic, basicError, basicResponse) = await server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=1", AuthServer.Basic("carol", "carol-right-password"));

        Assert.Equal(429, locked);
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", (string?)problem!["errorCode"]);
        Assert.Contains("user 'carol'", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
        Assert.Equal((429, "REQUEST_LIMIT_EXCEEDED"), (basic, (string?)basicError!["error_code"]));
        Assert.Equal(TimeSpan.FromSeconds(60), basicResponse.Headers.RetryAfter?.Delta);
        Assert.Equal(verified, server.Hashing.Verifications); // a locked name's passwords are not even checked
        Assert.Equal(200, (await LoginAsync(server, "dave", "dave-right-password")).Status); // another name is not affected

        // The next lockout in a row is twice as long, then capped at LoginLockoutMax (3 minutes).
        server.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(new[] { 401, 401, 401, 429 }, await LoginsAsync(server, "carol", "wrong", 4));
        Assert.Equal(TimeSpan.FromSeconds(120), (await LoginAsync(server, "carol", "wrong")).Response.Headers.RetryAfter?.Delta);
        server.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(429, (await LoginAsync(server, "carol", "carol-right-password")).Status);
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new[] { 401, 401, 401 }, await LoginsAsync(server, "carol", "wrong", 3));
        Assert.Equal(TimeSpan.FromSeconds(180), (await LoginAsync(server, "carol", "wrong")).Response.Headers.RetryAfter?.Delta);

        // A correct password after the lockout resets the name: failures count from zero and the lockout is back to one minute.
        server.Clock.Advance(TimeSpan.FromSeconds(181));
        Assert.Equal(200, (await LoginAsync(server, "carol", "carol-right-password")).Status);
        Assert.Equal(new[] { 401, 401, 401, 429 }, await LoginsAsync(server, "carol", "wrong", 4));
        Assert.Equal(TimeSpan.FromSeconds(60), (await LoginAsync(server, "carol", "wrong")).Response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Failures_spread_over_more_than_the_window_do_not_lock_and_tokens_are_never_throttled()
    {
        await using var server = await AuthServer.StartAsync(Limits(perUser: 3, perAddress: 0));
        await server.CreateUserAsync("erin", "erin-right-password");
        var (_, token) = await server.CreateTokenAsync(AuthServer.Basic("erin", "erin-right-password"), """{"name":"ci"}""");

        Assert.Equal(new[] { 401, 401 }, await LoginsAsync(server, "erin", "wrong", 2));
        server.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(new[] { 401, 401 }, await LoginsAsync(server, "erin", "wrong", 2));
        Assert.Equal(200, (await LoginAsync(server, "erin", "erin-right-password")).Status);

        Assert.Equal(new[] { 401, 401, 401, 429 }, await LoginsAsync(server, "erin", "wrong", 4));
        var (withToken, _, _) = await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(token));
        Assert.Equal(200, withToken);
    }

    [Fact]
    public async Task Failures_from_one_address_over_many_user_names_lock_the_address_and_a_success_does_not_reset_it()
    {
        await using var server = await AuthServer.StartAsync(Limits(perUser: 100, perAddress: 4));
        await server.CreateUserAsync("frank", "frank-right-password");

        Assert.Equal(401, (await LoginAsync(server, "ghost-1", "guess")).Status);
        Assert.Equal(401, (await LoginAsync(server, "ghost-2", "guess")).Status);
        Assert.Equal(200, (await LoginAsync(server, "frank", "frank-right-password")).Status); // the attacker's own account
        Assert.Equal(401, (await LoginAsync(server, "ghost-3", "guess")).Status);
        Assert.Equal(401, (await LoginAsync(server, "ghost-4", "guess")).Status);
        var (locked, problem, response) = await LoginAsync(server, "frank", "frank-right-password");

        Assert.Equal(429, locked);
        Assert.Contains("from 127.0.0.1", (string)problem!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
        server.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(200, (await LoginAsync(server, "frank", "frank-right-password")).Status);
    }

    [Fact]
    public async Task Refused_and_locked_out_sign_ins_are_audited_with_the_user_name_even_on_a_read()
    {
        await using var server = await AuthServer.StartAsync(Limits(perUser: 2, perAddress: 0));
        await server.CreateUserAsync("heidi", "heidi-right-password");
        var head = await HeadAsync(server);

        await LoginsAsync(server, "heidi", "wrong-one", 2);
        await LoginAsync(server, "heidi", "heidi-right-password");
        await server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=1", AuthServer.Basic("heidi", "wrong-two"));
        await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer("crc_not-a-real-token"));
        await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami"); // no credentials, a read: no row

        var rows = await RowsAfterAsync(server, head);
        Assert.Equal(
            ["POST /api/crucible/v1/auth/login 401", "POST /api/crucible/v1/auth/login 401", "POST /api/crucible/v1/auth/login 429", "GET /api/2.0/mlflow/experiments/search 429", "GET /api/crucible/v1/auth/whoami 401"],
            rows.Select(r => $"{r.Action} {r.Outcome}"));
        Assert.All(rows, r => Assert.Equal(("anonymous", "Anonymous"), (r.Actor, r.ActorKind)));
        Assert.All(rows.Take(4), r => Assert.Contains("\"username\":\"heidi\"", r.Target, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Target.Contains("wrong", StringComparison.Ordinal) || r.Target.Contains("right-password", StringComparison.Ordinal));
    }

    private static async Task<int[]> LoginsAsync(AuthServer server, string user, string password, int count)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            statuses[i] = (await LoginAsync(server, user, password)).Status;
        }

        return statuses;
    }

    private static Task<(int Status, System.Text.Json.Nodes.JsonNode? Body, HttpResponseMessage Response)> LoginAsync(AuthServer server, string user, string password) =>
        server.SendAsync(HttpMethod.Post, Login, (AuthenticationHeaderValue?)null, $$"""{"username":"{{user}}","password":"{{password}}"}""");

    private static async Task<long> HeadAsync(AuthServer server)
    {
        await server.App.Services.GetRequiredService<AuditWriter>().FlushAsync();
        return (await server.App.Services.GetRequiredService<IAuditStore>().HeadAsync()).Sequence;
    }

    private static async Task<IReadOnlyList<AuditEntry>> RowsAfterAsync(AuthServer server, long after)
    {
        await server.App.Services.GetRequiredService<AuditWriter>().FlushAsync();
        return await server.App.Services.GetRequiredService<IAuditStore>().ListAsync(new AuditQuery { AfterSequence = after, MaxResults = AuditQuery.MaxPage });
    }
}
