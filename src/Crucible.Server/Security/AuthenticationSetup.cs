using Crucible.Server.Hosting;
using Crucible.Storage;

namespace Crucible.Server.Security;

/// <summary>Wires authentication into the host: services always (the accounts API uses them), the middleware only when auth is on.</summary>
internal static class AuthenticationSetup
{
    public static IServiceCollection AddCrucibleAuthentication(this IServiceCollection services, ServerOptions options, MetadataStore metadata)
    {
        services.AddSingleton(metadata.Identities);
        services.AddSingleton(metadata.Workspaces);
        services.AddSingleton<Workspaces.WorkspaceDirectory>();
        services.AddSingleton<Workspaces.ResourceAccess>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<TokenUsage>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<Authenticator>();
        services.AddHostedService<TokenUsageWriter>();
        return services;
    }

    /// <summary>Installs the authentication middleware (auth on) and creates the first-start admin when there is no user.</summary>
    public static async Task UseCrucibleAuthenticationAsync(this WebApplication app, ServerOptions options, CancellationToken cancellationToken)
    {
        if (!options.Auth.Enabled)
        {
            return;
        }

        var services = app.Services;
        await AdminBootstrap.RunAsync(
            services.GetRequiredService<Core.Security.IIdentityStore>(),
            services.GetRequiredService<PasswordHashing>(),
            options,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Crucible.Server.Security"),
            cancellationToken).ConfigureAwait(false);
        app.UseMiddleware<AuthenticationMiddleware>();
    }
}
