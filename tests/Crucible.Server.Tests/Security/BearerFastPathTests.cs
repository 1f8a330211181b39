using System.Net.Http.Headers;
using Crucible.Server.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security;

/// <summary>
/// The Bearer fast path: a keep-alive connection that presents the same token again is answered without hashing it
/// (Kestrel hands over the same header string), and still refuses a token revoked here at once, one revoked through
/// another replica within the cache period, and an expired one at once; last use is still recorded.
/// </summary>
public sealed class BearerFastPathTests : IAsyncLifetime
{
    private AuthServer _server = null!;
    private HttpClient _client = null!;
    private HttpClient _admin = null!;

    private Authenticator Authenticator => _server.App.Services.GetRequiredService<Authenticator>();

    public async Task InitializeAsync()
    {
        _server = await AuthServer.StartAsync();
        // One connection for the token under test and another for the admin's calls, so the admin's header never
        // comes between two of the tested requests on their connection.
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseCookies = false }) { BaseAddress = _server.App.Address() };
        _admin = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseCookies = false }) { BaseAddress = _server.App.Address() };
        _admin.DefaultRequestHeaders.Authorization = AuthServer.Bearer(_server.AdminToken);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Repeated_calls_on_one_connection_hash_the_token_once_and_still_record_its_last_use()
    {
        var (id, secret) = await _server.CreateTokenAsync(AuthServer.Bearer(_server.AdminToken), """{"name":"loop","role":"editor"}""");
        var before = Authenticator.TokenHashes;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, await WhoAmIAsync(secret));
        }

        Assert.Equal(1, Authenticator.TokenHashes - before);

        // A use on the fast path is still noted: the last-use time written is the clock's at the latest call (within the
        // cache period, so that call too is answered without hashing; past it the token is verified again).
        await WaitForLastUseAsync(id, _server.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        _server.Clock.Advance(_server.Options.Auth.CredentialCacheTtl / 2);
        Assert.Equal(200, await WhoAmIAsync(secret));
        Assert.Equal(1, Authenticator.TokenHashes - before);
        await WaitForLastUseAsync(id, _server.Clock.GetUtcNow().ToUnixTimeMilliseconds());

        _server.Clock.Advance(_server.Options.Auth.CredentialCacheTtl);
        Assert.Equal(200, await WhoAmIAsync(secret));
        Assert.Equal(2, Authenticator.TokenHashes - before);
    }

    [Fact]
    public async Task A_token_revoked_here_is_refused_on_the_next_call_of_a_connection_that_used_it()
    {
        var (id, secret) = await _server.CreateTokenAsync(AuthServer.Bearer(_server.AdminToken), """{"name":"revoked-here"}""");
        await UseFastPathAsync(secret);

        using var revoke = await _admin.DeleteAsync(new Uri($"/api/crucible/v1/tokens/{id}", UriKind.Relative));
        Assert.Equal(200, (int)revoke.StatusCode);
        Assert.Equal(401, await WhoAmIAsync(secret));
        Assert.Equal(401, await WhoAmIAsync(secret));
    }

    [Fact]
    public async Task A_token_revoked_through_another_replica_is_refused_once_the_cache_period_ends_and_an_expired_one_at_once()
    {
        var (id, secret) = await _server.CreateTokenAsync(AuthServer.Bearer(_server.AdminToken), """{"name":"revoked-elsewhere"}""");
        await UseFastPathAsync(secret);
        await _server.Identities.RevokeTokenAsync(id, CancellationToken.None);
        Assert.Equal(200, await WhoAmIAsync(secret));
        _server.Clock.Advance(_server.Options.Auth.CredentialCacheTtl - TimeSpan.FromMilliseconds(1));
        Assert.Equal(200, await WhoAmIAsync(secret));
        _server.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(401, await WhoAmIAsync(secret));

        var (_, expiring) = await _server.CreateTokenAsync(AuthServer.Bearer(_server.AdminToken), """{"name":"expiring","expires_in_days":1}""");
        await UseFastPathAsync(expiring);
        _server.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(401, await WhoAmIAsync(expiring));
    }

    [Fact]
    public async Task A_role_change_here_takes_effect_on_the_next_call_of_a_connection_that_used_the_token()
    {
        await _server.CreateUserAsync("erin", "erin-password", "maintainer");
        var (_, secret) = await _server.CreateTokenAsync(AuthServer.Basic("erin", "erin-password"), """{"name":"laptop"}""");
        await UseFastPathAsync(secret);
        Assert.Equal("maintainer", await RoleAsync(secret));

        using var demote = await _admin.PutAsync(
            new Uri("/api/crucible/v1/principals/erin/roles/default", UriKind.Relative),
            new StringContent("""{"role":"viewer"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)demote.StatusCode);
        Assert.Equal("viewer", await RoleAsync(secret));
    }

    /// <summary>Calls twice with <paramref name="secret"/> and checks the second call hashed nothing.</summary>
    private async Task UseFastPathAsync(string secret)
    {
        Assert.Equal(200, await WhoAmIAsync(secret));
        var hashes = Authenticator.TokenHashes;
        Assert.Equal(200, await WhoAmIAsync(secret));
        Assert.Equal(hashes, Authenticator.TokenHashes);
    }

    private async Task<int> WhoAmIAsync(string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/crucible/v1/auth/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await _client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode;
    }

    private async Task<string> RoleAsync(string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/crucible/v1/auth/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await _client.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return body!["role"]!.GetValue<string>();
    }

    private async Task WaitForLastUseAsync(string id, long expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        long? lastUsed = null;
        while (waited.Elapsed < TimeSpan.FromSeconds(10) && (lastUsed = (await _server.Identities.GetTokenAsync(id, CancellationToken.None)).LastUsedTimeMs) != expected)
        {
            await Task.Delay(50);
        }

        Assert.Equal(expected, lastUsed);
    }
}
