using Crucible.Core.Security;
using Crucible.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Exposure;

/// <summary>
/// Stands in for authentication until it lands: a request with <c>X-Test-Role: editor</c> (any <see cref="Role"/>)
/// runs as a user of that role, set with the same <c>SetCaller</c> the authentication middleware uses.
/// </summary>
internal static class TestCallers
{
    public const string Header = "X-Test-Role";

    public static void Install(WebApplicationBuilder builder) => builder.Services.AddSingleton<IStartupFilter, Filter>();

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[Header].FirstOrDefault() is { } role)
                {
                    context.SetCaller(new Caller(CallerKind.User, "test-" + role.ToLowerInvariant(), Enum.Parse<Role>(role, ignoreCase: true), TokenId: "tok-" + role));
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
