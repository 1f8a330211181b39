using Crucible.Contracts.Security;

namespace Crucible.Client;

/// <summary>Accounts and API tokens: Crucible's native <c>/api/crucible/v1/users</c>, <c>/tokens</c> and <c>/auth</c> API (ProblemDetails errors).</summary>
public sealed partial class CrucibleClient
{
    private static AccountsJsonContext Accounts => AccountsJsonContext.Default;

    /// <summary>Who the server takes this client for.</summary>
    public async Task<WhoAmIResponse> WhoAmIAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri("auth/whoami"));
        return await SendAsync(message, Accounts.WhoAmIResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates an API token; the answer holds its secret, which cannot be read again.</summary>
    public async Task<CreateTokenResponse> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, NativeUri("tokens")) { Content = JsonBody(request, Accounts.CreateTokenRequest) };
        return await SendAsync(message, Accounts.CreateTokenResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tokens without their secrets: the caller's own, or (admins) everyone's or one owner's.</summary>
    public async Task<IReadOnlyList<TokenDto>> ListTokensAsync(string? owner = null, CancellationToken cancellationToken = default)
    {
        var query = owner is null ? string.Empty : "?owner=" + Escape(owner);
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri("tokens" + query));
        return (await SendAsync(message, Accounts.TokensResponse, cancellationToken).ConfigureAwait(false)).Tokens ?? [];
    }

    public async Task<TokenDto> RevokeTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var message = new HttpRequestMessage(HttpMethod.Delete, NativeUri("tokens/" + Escape(id)));
        return (await SendAsync(message, Accounts.TokenResponse, cancellationToken).ConfigureAwait(false)).Token;
    }

    public async Task<PrincipalDto> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, NativeUri("users")) { Content = JsonBody(request, Accounts.CreateUserRequest) };
        return (await SendAsync(message, Accounts.PrincipalResponse, cancellationToken).ConfigureAwait(false)).Principal;
    }

    public async Task<IReadOnlyList<PrincipalDto>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri("users"));
        return (await SendAsync(message, Accounts.PrincipalsResponse, cancellationToken).ConfigureAwait(false)).Principals ?? [];
    }

    /// <summary>Sets a user's or service account's role in a workspace (<c>none</c> removes it; a new workspace is created). Admins only.</summary>
    public async Task<PrincipalDto> SetRoleAsync(string principal, string workspace, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(principal);
        ArgumentException.ThrowIfNullOrEmpty(workspace);
        using var message = new HttpRequestMessage(HttpMethod.Put, NativeUri($"principals/{Escape(principal)}/roles/{Escape(workspace)}"))
        {
            Content = JsonBody(new SetRoleRequest { Role = role }, Accounts.SetRoleRequest),
        };
        return (await SendAsync(message, Accounts.PrincipalResponse, cancellationToken).ConfigureAwait(false)).Principal;
    }

    /// <summary>Creates a workspace (admins only).</summary>
    public async Task<WorkspaceDto> CreateWorkspaceAsync(string name, string? description = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, NativeUri("workspaces"))
        {
            Content = JsonBody(new CreateWorkspaceRequest { Name = name, Description = description }, Accounts.CreateWorkspaceRequest),
        };
        return (await SendAsync(message, Accounts.WorkspaceResponse, cancellationToken).ConfigureAwait(false)).Workspace;
    }

    /// <summary>The workspaces the caller holds a role in (all of them for an admin).</summary>
    public async Task<IReadOnlyList<WorkspaceDto>> ListWorkspacesAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri("workspaces"));
        return (await SendAsync(message, Accounts.WorkspacesResponse, cancellationToken).ConfigureAwait(false)).Workspaces ?? [];
    }

    public async Task<PrincipalDto> DeleteUserAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var message = new HttpRequestMessage(HttpMethod.Delete, NativeUri("users/" + Escape(name)));
        return (await SendAsync(message, Accounts.PrincipalResponse, cancellationToken).ConfigureAwait(false)).Principal;
    }
}
