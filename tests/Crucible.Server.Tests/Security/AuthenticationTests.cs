namespace Crucible.Server.Tests.Security;

/// <summary>HTTP Basic and Bearer credentials through HTTP: who they authenticate as, 401s in each API family's format, and the verified-credential cache.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private AuthServer _server = null!;

    public async Task InitializeAsync() => _server = await AuthServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Basic_credentials_authenticate_the_user_with_its_role_and_a_wrong_password_is_a_401_with_a_challenge()
    {
        await _server.CreateUserAsync("alice", "correct-horse", "editor");

        var (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Basic("alice", "correct-horse"));
        Assert.Equal(200, status);
        Assert.Equal(("alice", "user", "editor"), (body!["name"]!.GetValue<string>(), body["kind"]!.GetValue<string>(), body["role"]!.GetValue<string>()));

        var (wrong, problem, response) = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Basic("alice", "wrong-horse"));
        Assert.Equal(401, wrong);
        Assert.Equal("UNAUTHENTICATED", problem!["errorCode"]!.GetValue<string>());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Basic realm=\"crucible\", Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("wrong-horse", problem.ToJsonString(), StringComparison.Ordinal);

        var (mlflow, error, _) = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=1", AuthServer.Basic("nobody", "whatever-pass"));
        Assert.Equal((401, "UNAUTHENTICATED"), (mlflow, error!["error_code"]!.GetValue<string>()));
        var (oip, oipError, _) = await _server.SendAsync(HttpMethod.Get, "/v2/models", AuthServer.Bearer("crc_not-a-real-token"));
        Assert.Equal(401, oip);
        Assert.NotNull(oipError!["error"]);
    }

    [Fact]
    public async Task A_password_is_hashed_once_per_cache_period_not_on_every_request_and_a_change_takes_effect_at_once()
    {
        await _server.CreateUserAsync("bob", "first-password");
        var before = _server.Hashing.Verifications;
        for (var i = 0; i < 20; i++)
        {
            var (status, _, _) = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=1", AuthServer.Basic("bob", "first-password"));
            Assert.Equal(200, status);
        }

        Assert.Equal(1, _server.Hashing.Verifications - before);

        _server.Clock.Advance(_server.Options.Auth.CredentialCacheTtl);
        await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Basic("bob", "first-password"));
        Assert.Equal(2, _server.Hashing.Verifications - before);

        var (changed, _, _) = await _server.SendAsync(
            HttpMethod.Post, "/api/crucible/v1/users/bob/password", AuthServer.Basic("bob", "first-password"), """{"password":"second-password","current_password":"first-password"}""");
        Assert.Equal(200, changed);
        Assert.Equal(401, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Basic("bob", "first-password"))).Status);
        Assert.Equal(200, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Basic("bob", "second-password"))).Status);
        var stored = await _server.Identities.FindPrincipalAsync("bob", CancellationToken.None);
        Assert.DoesNotContain("second-password", stored!.PasswordHash!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_token_acts_as_its_owner_capped_at_its_role_and_revocation_here_is_immediate()
    {
        await _server.CreateUserAsync("carol", "carol-password", "maintainer");
        var (id, secret) = await _server.CreateTokenAsync(AuthServer.Basic("carol", "carol-password"), """{"name":"laptop","role":"viewer"}""");
        Assert.StartsWith("crc_", secret, StringComparison.Ordinal);

        var (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(secret));
        Assert.Equal(200, status);
        Assert.Equal(("carol", "viewer", id), (body!["name"]!.GetValue<string>(), body["role"]!.GetValue<string>(), body["token_id"]!.GetValue<string>()));

        var tooMuch = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/tokens", AuthServer.Basic("carol", "carol-password"), """{"name":"root","role":"admin"}""");
        Assert.Equal(403, tooMuch.Status);

        var list = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/tokens", AuthServer.Bearer(secret));
        Assert.Equal(200, list.Status);
        Assert.DoesNotContain(secret, list.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal([id], list.Body!["tokens"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));

        var revoked = await _server.SendAsync(HttpMethod.Delete, $"/api/crucible/v1/tokens/{id}", AuthServer.Basic("carol", "carol-password"));
        Assert.Equal(200, revoked.Status);
        Assert.NotNull(revoked.Body!["token"]!["revoked_timestamp"]);
        Assert.Equal(401, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(secret))).Status);
    }

    [Fact]
    public async Task A_token_revoked_through_another_replica_stops_working_within_the_cache_period_and_an_expired_one_at_once()
    {
        var (id, secret) = await _server.CreateTokenAsync(AuthServer.Bearer(_server.AdminToken), """{"name":"ci","role":"editor","expires_in_days":1}""");
        Assert.Equal(200, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(secret))).Status);

        // Another replica revokes it in the shared store: this one trusts its cache until the TTL ends, never longer.
        await _server.Identities.RevokeTokenAsync(id, CancellationToken.None);
        Assert.Equal(200, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(secret))).Status);
        _server.Clock.Advance(_server.Options.Auth.CredentialCacheTtl);
        Assert.Equal(401, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(secret))).Status);

        var (_, expiring) = await _server.CreateTokenAsync(AuthServer.Bearer(_server.AdminToken), """{"name":"short","expires_in_days":1}""");
        Assert.Equal(200, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(expiring))).Status);
        _server.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(401, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(expiring))).Status);
    }

    [Fact]
    public async Task Requests_without_credentials_run_as_anonymous_and_the_accounts_api_refuses_them()
    {
        var (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami");
        Assert.Equal(200, status);
        Assert.Equal(("anonymous", false), (body!["name"]!.GetValue<string>(), body["authenticated"]!.GetValue<bool>()));
        Assert.Equal(401, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/users")).Status);
        await _server.CreateUserAsync("dave", "dave-password", "editor");
        Assert.Equal(403, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/users", AuthServer.Basic("dave", "dave-password"))).Status);
        var users = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/users", AuthServer.Bearer(_server.AdminToken));
        Assert.Equal(["admin", "dave"], users.Body!["principals"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.DoesNotContain("password", users.Body.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Last_use_is_recorded_off_the_request_path()
    {
        var (id, secret) = await _server.CreateTokenAsync(AuthServer.Bearer(_server.AdminToken), """{"name":"used"}""");
        await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(secret));
        var expected = _server.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        long? lastUsed = null;
        while (waited.Elapsed < TimeSpan.FromSeconds(10) && (lastUsed = (await _server.Identities.GetTokenAsync(id, CancellationToken.None)).LastUsedTimeMs) is null)
        {
            await Task.Delay(50);
        }

        Assert.Equal(expected, lastUsed);
    }

    [Fact]
    public async Task Service_accounts_hold_tokens_made_by_an_admin_and_cannot_sign_in_with_a_password()
    {
        var admin = AuthServer.Bearer(_server.AdminToken);
        var created = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/service-accounts", admin, """{"name":"ci-bot","description":"CI","role":"editor"}""");
        Assert.Equal(200, created.Status);
        var (_, secret) = await _server.CreateTokenAsync(admin, """{"name":"ci","owner":"ci-bot"}""");
        var (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(secret));
        Assert.Equal((200, "serviceaccount", "editor"), (status, body!["kind"]!.GetValue<string>(), body["role"]!.GetValue<string>()));
        Assert.Equal(401, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Basic("ci-bot", "anything-at-all"))).Status);

        var (_, serving) = await _server.CreateTokenAsync(admin, """{"name":"scorer","owner":"ci-bot","serving_deployment":"churn"}""");
        var scorer = (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(serving))).Body!;
        Assert.Equal(("servingtoken", "churn", "viewer"), (scorer["kind"]!.GetValue<string>(), scorer["serving_deployment"]!.GetValue<string>(), scorer["role"]!.GetValue<string>()));

        var deleted = await _server.SendAsync(HttpMethod.Delete, "/api/crucible/v1/service-accounts/ci-bot", admin);
        Assert.Equal(200, deleted.Status);
        Assert.Equal(401, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", AuthServer.Bearer(secret))).Status);
    }
}
