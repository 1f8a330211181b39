namespace Crucible.Server.Endpoints.Accounts;

/// <summary>The accounts API: sign-in, users and service accounts, API tokens, and MLflow's auth users API.</summary>
internal static class AccountsEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapAuthApi();
        app.MapPrincipalsApi();
        app.MapTokensApi();
        app.MapMlflowUsersApi();
        app.MapMlflowPermissionsApi();
        app.MapWorkspacesApi();
    }
}
