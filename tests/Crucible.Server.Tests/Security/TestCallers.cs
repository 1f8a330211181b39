using Crucible.Core.Security;
using Crucible.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security;

/// <summary>
/// TEST ONLY, a stand-in for authentication until real users and tokens land: <see cref="Install"/> (pass it as
/// <c>CrucibleServer.CreateAsync</c>'s <c>configure</c>) puts a middleware in front of the server's pipeline that sets
/// the request's caller from the <see cref="Header"/> header (<see cref="HeaderValue"/> builds it). A request without
/// the header keeps the server's own default (every caller is an admin while auth is off), so setup calls need no
/// header. Swap <see cref="For"/> for real credentials once authentication is merged.
/// </summary>
public static class TestCallers
{
    public const string Header = "X-Test-Caller";

    /// <summary>The callers of the role matrix, by name.</summary>
    public static IReadOnlyDictionary<string, Caller> Matrix(string servingDeployment) => new Dictionary<string, Caller>
    {
        ["anonymous"] = Caller.Anonymous,
        ["viewer"] = new(CallerKind.User, "vera", Role.Viewer),
        ["editor"] = new(CallerKind.User, "eddie", Role.Editor),
        ["maintainer"] = new(CallerKind.User, "mae", Role.Maintainer),
        ["admin"] = new(CallerKind.User, "ada", Role.Admin),
        ["serving"] = new(CallerKind.ServingToken, "serving-" + servingDeployment, Role.Viewer, "tok-1", ServingDeployment: servingDeployment),
        ["other-workspace-admin"] = new(CallerKind.User, "oscar", Role.Admin, Workspace: "elsewhere"),
    };

    /// <summary>Adds the test-only caller middleware ahead of everything else in the server's pipeline.</summary>
    public static void Install(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTransient<IStartupFilter, CallerFromHeader>();
    }

    /// <summary>The header value that makes the request's caller <paramref name="caller"/>.</summary>
    public static string HeaderValue(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return string.Join(';', caller.Kind, caller.Name, caller.Role, caller.Workspace, caller.ServingDeployment ?? string.Empty);
    }

    /// <summary>A request as <paramref name="caller"/>.</summary>
    public static HttpRequestMessage For(HttpRequestMessage request, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.TryAddWithoutValidation(Header, HeaderValue(caller));
        return request;
    }

    private static Caller Parse(string value)
    {
        var parts = value.Split(';');
        var kind = Enum.Parse<CallerKind>(parts[0]);
        return kind == CallerKind.Anonymous
            ? Caller.Anonymous
            : new Caller(kind, parts[1], Enum.Parse<Role>(parts[2]), "test-token", parts[3], parts[4].Length == 0 ? null : parts[4]);
    }

    private sealed class CallerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var value))
                {
                    context.SetCaller(Parse(value.ToString()));
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
