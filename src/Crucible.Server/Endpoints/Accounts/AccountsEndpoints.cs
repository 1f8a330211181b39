namespace Crucible.Server.Endpoints.Accounts;

/// <summary>The accounts API: sign-in, users and service accounts, API tokens.</summary>
internal static class AccountsEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapAuthApi();
        app.MapPrincipalsApi();
        app.MapTokensApi();
    }
}
