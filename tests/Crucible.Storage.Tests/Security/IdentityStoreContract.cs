using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Security;

/// <summary>Users, service accounts, role bindings and tokens, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class IdentityStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    private IIdentityStore Identities => Store.Identities;

    private static CancellationToken Ct => CancellationToken.None;

    private long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    [Fact]
    public async Task Users_and_service_accounts_share_one_name_space_and_only_users_count_and_hold_passwords()
    {
        Assert.Equal(0, await Identities.CountUsersAsync(Ct));
        var alice = await Identities.CreatePrincipalAsync("alice", PrincipalKind.User, "HASH1", "data scientist", "admin", Ct);
        await Identities.CreatePrincipalAsync("ci-bot", PrincipalKind.ServiceAccount, null, "CI", "admin", Ct);

        Assert.Equal(("alice", PrincipalKind.User, "HASH1", NowMs), (alice.Name, alice.Kind, alice.PasswordHash, alice.CreationTimeMs));
        Assert.Equal(1, await Identities.CountUsersAsync(Ct));
        var taken = await Assert.ThrowsAsync<CrucibleException>(() => Identities.CreatePrincipalAsync("alice", PrincipalKind.ServiceAccount, null, "", "admin", Ct));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, taken.Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await Assert.ThrowsAsync<CrucibleException>(() => Identities.CreatePrincipalAsync("bob", PrincipalKind.ServiceAccount, "HASH", "", "admin", Ct))).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await Assert.ThrowsAsync<CrucibleException>(() => Identities.CreatePrincipalAsync(" bob", PrincipalKind.User, "HASH", "", "admin", Ct))).Code);
        Assert.Equal(["alice"], (await Identities.ListPrincipalsAsync(PrincipalKind.User, Ct)).Select(p => p.Name));
        Assert.Equal(["ci-bot"], (await Identities.ListPrincipalsAsync(PrincipalKind.ServiceAccount, Ct)).Select(p => p.Name));

        Clock.Advance(TimeSpan.FromSeconds(3));
        await Identities.SetPasswordHashAsync("alice", "HASH2", Ct);
        var changed = await Identities.FindPrincipalAsync("alice", Ct);
        Assert.Equal(("HASH2", NowMs, alice.CreationTimeMs), (changed!.PasswordHash, changed.LastUpdatedTimeMs, changed.CreationTimeMs));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<CrucibleException>(() => Identities.SetPasswordHashAsync("ci-bot", "HASH", Ct))).Code);
        Assert.Null(await Identities.FindPrincipalAsync("nobody", Ct));
    }

    [Fact]
    public async Task Role_bindings_are_set_replaced_and_removed_per_workspace()
    {
        await Identities.CreatePrincipalAsync("alice", PrincipalKind.User, "HASH", "", "admin", Ct);
        await Identities.SetRoleAsync("alice", "default", Role.Editor, Ct);
        await Identities.SetRoleAsync("alice", "research", Role.Viewer, Ct);
        await Identities.SetRoleAsync("alice", "default", Role.Maintainer, Ct);
        Assert.Equal([new RoleBinding("alice", "default", Role.Maintainer), new RoleBinding("alice", "research", Role.Viewer)], await Identities.GetRolesAsync("alice", Ct));

        await Identities.SetRoleAsync("alice", "research", Role.None, Ct);
        Assert.Equal([new RoleBinding("alice", "default", Role.Maintainer)], await Identities.GetRolesAsync("alice", Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<CrucibleException>(() => Identities.SetRoleAsync("ghost", "default", Role.Viewer, Ct))).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await Assert.ThrowsAsync<CrucibleException>(() => Identities.SetRoleAsync("alice", "default", (Role)9, Ct))).Code);
    }

    [Fact]
    public async Task A_token_is_found_by_the_hash_of_its_secret_and_keeps_scope_expiry_and_revocation()
    {
        await Identities.CreatePrincipalAsync("ci-bot", PrincipalKind.ServiceAccount, null, "", "admin", Ct);
        var secret = TokenSecrets.New();
        var expiry = NowMs + 60_000;
        var token = await Identities.CreateTokenAsync(new NewApiToken("deploy", "ci-bot", Role.Editor, "default", null, expiry), TokenSecrets.Hash(secret), Ct);
        Clock.Advance(TimeSpan.FromMilliseconds(5));
        var serving = await Identities.CreateTokenAsync(new NewApiToken("scorer", "ci-bot", Role.Viewer, "default", "churn", null), TokenSecrets.Hash(TokenSecrets.New()), Ct);

        Assert.True(TokenSecrets.LooksLikeToken(secret));
        Assert.Equal(token, await Identities.FindTokenBySecretHashAsync(TokenSecrets.Hash(secret), Ct));
        Assert.DoesNotContain(secret, token.SecretHash, StringComparison.Ordinal);
        Assert.Equal(("deploy", Role.Editor, expiry, (long?)null), (token.Name, token.Role, token.ExpiryTimeMs, token.LastUsedTimeMs));
        Assert.Equal("churn", serving.ServingDeployment);
        Assert.True(token.IsActive(NowMs));
        Assert.False(token.IsActive(expiry));
        Assert.True(serving.IsActive(expiry));
        Assert.Null(await Identities.FindTokenBySecretHashAsync(TokenSecrets.Hash(TokenSecrets.New()), Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<CrucibleException>(() => Identities.CreateTokenAsync(new NewApiToken("x", "ghost", Role.Viewer, "default", null, null), "h", Ct))).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await Assert.ThrowsAsync<CrucibleException>(() => Identities.CreateTokenAsync(new NewApiToken("x", "ci-bot", Role.None, "default", null, null), "h2", Ct))).Code);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var revoked = await Identities.RevokeTokenAsync(token.Id, Ct);
        var revokedAt = NowMs;
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(revokedAt, (await Identities.RevokeTokenAsync(token.Id, Ct)).RevokedTimeMs);
        Assert.False(revoked.IsActive(NowMs));
        Assert.Equal([serving.Id, token.Id], (await Identities.ListTokensAsync("ci-bot", Ct)).Select(t => t.Id));
        Assert.Empty(await Identities.ListTokensAsync("someone-else", Ct));
        Assert.Equal(2, (await Identities.ListTokensAsync(null, Ct)).Count);
    }

    [Fact]
    public async Task Last_use_moves_forward_only_and_deleting_an_owner_revokes_its_tokens_and_bindings()
    {
        await Identities.CreatePrincipalAsync("alice", PrincipalKind.User, "HASH", "", "admin", Ct);
        await Identities.SetRoleAsync("alice", "default", Role.Editor, Ct);
        var token = await Identities.CreateTokenAsync(new NewApiToken("laptop", "alice", Role.Editor, "default", null, null), TokenSecrets.Hash(TokenSecrets.New()), Ct);

        await Identities.TouchTokensAsync([new(token.Id, 5_000), new("unknown", 9)], Ct);
        await Identities.TouchTokensAsync([new(token.Id, 4_000)], Ct);
        Assert.Equal(5_000, (await Identities.GetTokenAsync(token.Id, Ct)).LastUsedTimeMs);

        await Identities.DeletePrincipalAsync("alice", Ct);
        Assert.Null(await Identities.FindPrincipalAsync("alice", Ct));
        Assert.NotNull((await Identities.GetTokenAsync(token.Id, Ct)).RevokedTimeMs);
        Assert.Empty(await Identities.GetRolesAsync("alice", Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<CrucibleException>(() => Identities.DeletePrincipalAsync("alice", Ct))).Code);
    }
}
