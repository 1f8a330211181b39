using Crucible.Server.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security;

/// <summary>The verified-credential cache stays within its bound, counts what it holds without locking the whole dictionary, and still authenticates after starting over.</summary>
public sealed class CredentialCacheTests
{
    [Fact]
    public async Task The_cache_starts_over_at_its_bound_keeps_its_count_exact_and_every_token_still_authenticates()
    {
        await using var server = await AuthServer.StartAsync();
        var services = server.App.Services;
        var authenticator = new Authenticator(
            server.Identities, server.Hashing, services.GetRequiredService<TokenUsage>(), services.GetRequiredService<LoginThrottle>(), server.Options, server.Clock)
        { MaxEntries = 3 };
        var tokens = new List<(string Id, string Secret)>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(await server.CreateTokenAsync(AuthServer.Bearer(server.AdminToken), $$"""{"name":"cache-{{i}}"}"""));
        }

        var counts = new List<int>();
        foreach (var (_, secret) in tokens)
        {
            Assert.NotNull(await authenticator.AuthenticateTokenAsync(secret, CancellationToken.None));
            Assert.NotNull(await authenticator.AuthenticateTokenAsync(secret, CancellationToken.None)); // a hit adds nothing
            counts.Add(authenticator.CachedEntries);
        }

        Assert.Equal([1, 2, 3, 1, 2], counts); // the fourth found the cache full and started it over
        authenticator.ForgetToken(tokens[4].Id);
        Assert.Equal(1, authenticator.CachedEntries);
        server.Clock.Advance(server.Options.Auth.CredentialCacheTtl);
        Assert.NotNull(await authenticator.AuthenticateTokenAsync(tokens[3].Secret, CancellationToken.None)); // expired entry dropped, then cached again
        Assert.Equal(1, authenticator.CachedEntries);
        foreach (var (_, secret) in tokens)
        {
            Assert.NotNull(await authenticator.AuthenticateTokenAsync(secret, CancellationToken.None));
            Assert.InRange(authenticator.CachedEntries, 1, 3);
        }
    }
}
