using Crucible.Core.Errors;
using Crucible.Server.Hosting;
using Crucible.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Crucible.Server.Tests.Security;

/// <summary>The guard fails closed: a route that declares no policy is refused even for the no-auth admin.</summary>
public sealed class AuthorizationGuardTests
{
    [Fact]
    public async Task A_route_without_a_policy_is_refused()
    {
        var reached = false;
        var guard = new AuthorizationGuard(_ => { reached = true; return Task.CompletedTask; }, new ServerOptions());
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/unguarded"), 0, EndpointMetadataCollection.Empty, "unguarded"));
        var error = await Assert.ThrowsAsync<CrucibleException>(() => guard.InvokeAsync(context));
        Assert.Equal(ErrorCode.PermissionDenied, error.Code);
        Assert.Contains("/unguarded", error.Message, StringComparison.Ordinal);
        Assert.False(reached);
    }

    [Fact]
    public async Task A_route_with_a_policy_passes_the_no_auth_caller()
    {
        var reached = false;
        var guard = new AuthorizationGuard(_ => { reached = true; return Task.CompletedTask; }, new ServerOptions());
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.SetEndpoint(new RouteEndpoint(
            _ => Task.CompletedTask, RoutePatternFactory.Parse("/api/crucible/v1/pipelines"), 0, new EndpointMetadataCollection(AccessPolicies.Pipelines), "guarded"));
        await guard.InvokeAsync(context);
        Assert.True(reached);
    }
}
