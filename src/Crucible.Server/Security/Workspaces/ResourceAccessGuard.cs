using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security.Workspaces;

/// <summary>
/// The workspace half of authorization, right after <see cref="AuthorizationGuard"/>: for a route whose policy needs
/// a role in a workspace, it finds the resource the request addresses with the group's <see cref="ResourceLocator"/>
/// (route values, query, top-level JSON body fields) and the store, and checks the caller's role on it
/// (<see cref="WorkspaceDirectory.RoleOnAsync"/>); a caller without the role on it gets 403, as in MLflow's auth app,
/// whether or not it may read it, and a missing resource gets its handler's own 404. A request that addresses no existing resource (a create, a search, a list, a missing id)
/// needs the role in its target workspace: the request's <c>workspace</c> (query or body), else the caller's own.
/// The workspace a create should use is left as the <see cref="TargetWorkspace"/> feature.
/// </summary>
internal sealed class ResourceAccessGuard(RequestDelegate next, ResourceAccess resources)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint
            || endpoint.Metadata.GetMetadata<AccessPolicy>() is not { } policy
            || policy.AddressedInMessage // the handler checks, once it has read the message that names the resource
            || policy.For(endpoint, context.Request.Method) is not { Kind: not AccessKind.Public, Workspace: true } access)
        {
            await next(context);
            return;
        }

        if (context.GetCaller() is { } caller && (caller.Kind == CallerKind.ServingToken || caller.ServingDeployment is not null))
        {
            await next(context); // AuthorizationGuard let it through: its own deployment's inference.
            return;
        }

        var fields = await RequestFields.ReadAsync(context, policy.Locator, context.RequestAborted);
        await resources.CheckAsync(context, policy, access, $"{context.Request.Method} {endpoint.RoutePattern.RawText}", fields, context.RequestAborted);
        await next(context);
    }
}

/// <summary>
/// The workspace check of <see cref="ResourceAccessGuard"/>, also called by handlers whose request names its resource
/// inside a message the guard cannot read (the gRPC inference service): throws 403 (or a missing workspace's 404) when
/// the caller lacks the access's role on the resource the fields name, else sets the
/// <see cref="TargetWorkspace"/>. A serving-only token is not checked here (<see cref="AuthorizationGuard"/> decides it).
/// </summary>
internal sealed class ResourceAccess(WorkspaceDirectory directory, ServerOptions options)
{
    /// <summary>Checks the call; <c>operation</c> is how refusals name it, e.g. <c>POST /v2/models/{name}/infer</c>.</summary>
    public async ValueTask CheckAsync(HttpContext context, AccessPolicy policy, Access access, string operation, Dictionary<string, string> fields, CancellationToken ct)
    {
        var caller = context.GetCaller();
        if (caller.Kind == CallerKind.ServingToken || caller.ServingDeployment is not null)
        {
            return; // AuthorizationGuard let it through: its own deployment's inference.
        }

        var explicitWorkspace = fields.GetValueOrDefault("workspace");
        if (explicitWorkspace is not null && await directory.Store.FindWorkspaceAsync(explicitWorkspace, ct) is null)
        {
            throw CrucibleException.NotFound($"Workspace '{explicitWorkspace}' does not exist.");
        }

        if (caller.IsServerAdmin)
        {
            context.Features.Set(new TargetWorkspace(explicitWorkspace ?? caller.Workspace));
            return;
        }

        var addressed = Addressed(policy, fields);
        var location = addressed is var (kind, id) ? await directory.LocateAsync(kind, id, ct) : null;
        if (location is not null)
        {
            var role = await directory.RoleOnAsync(caller, location, ct);
            if (role < access.Role)
            {
                // 403 whether or not the caller may read it, as MLflow's auth app answers: a resource's existence is
                // not secret (names are unique across workspaces, experiment ids are sequential), its content is.
                throw new CrucibleException(
                    ErrorCode.PermissionDenied,
                    $"'{caller.Name}' is {AuthorizationGuard.Article(role)} on {Describe(addressed!.Value)} (workspace '{location.Workspace}'); {operation} needs the {Name(access.Role)} role.");
            }

            context.Features.Set(new TargetWorkspace(location.Workspace));
            return;
        }

        var target = explicitWorkspace ?? policy.Locator?.UnlocatedWorkspace ?? caller.Workspace;
        var held = caller.RoleIn(target);
        if (held < access.Role)
        {
            throw new CrucibleException(
                ErrorCode.PermissionDenied,
                $"'{caller.Name}' is {AuthorizationGuard.Article(held)} in workspace '{target}'; {operation} needs the {Name(access.Role)} role there.");
        }

        context.Features.Set(new TargetWorkspace(target));
    }

    /// <summary>The first resource the request names, by the group's locator (and a single-deployment server's one deployment for <c>/invocations</c>).</summary>
    private (ResourceKind Kind, string Id)? Addressed(AccessPolicy policy, Dictionary<string, string> fields)
    {
        foreach (var key in policy.Locator?.Keys ?? [])
        {
            if (fields.TryGetValue(key.Field, out var value) && key.IdIn(value) is { } id)
            {
                return (key.Kind, id);
            }
        }

        return (policy == AccessPolicies.Inference || policy == AccessPolicies.InferenceGrpc) && options.ServeDeployment is { } deployment ? (ResourceKind.Deployment, deployment) : null;
    }

    private static string Describe((ResourceKind Kind, string Id) resource) => resource.Kind switch
    {
        ResourceKind.Run => $"run {resource.Id}",
        ResourceKind.ExperimentName => $"experiment '{resource.Id}'",
        ResourceKind.LoggedModel => $"logged model {resource.Id}",
        ResourceKind.RegisteredModel => $"registered model '{resource.Id}'",
        ResourceKind.PipelineRun => $"pipeline run {resource.Id}",
        _ => $"{resource.Kind.ToString().ToLowerInvariant()} '{resource.Id}'",
    };

    private static string Name(Role role) => role.ToString().ToLowerInvariant();
}

/// <summary>The workspace a request creates its resource in, as <see cref="ResourceAccessGuard"/> decided.</summary>
internal sealed record TargetWorkspace(string Name);

internal static class TargetWorkspaceAccess
{
    /// <summary>Where this request creates what it creates: the guard's decision, else the caller's workspace.</summary>
    public static string TargetWorkspace(this HttpContext context) =>
        context.Features.Get<TargetWorkspace>()?.Name ?? context.GetCaller().Workspace;
}

/// <summary>The string fields a request names: route values, then query parameters, then a JSON body's top-level strings and numbers.</summary>
internal static class RequestFields
{
    public static async Task<Dictionary<string, string>> ReadAsync(HttpContext context, ResourceLocator? locator, CancellationToken ct)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (value?.ToString() is { } text)
            {
                fields.TryAdd(key, text);
            }
        }

        foreach (var (key, value) in context.Request.Query)
        {
            fields.TryAdd(key, value.ToString());
        }

        var request = context.Request;
        if (locator is { ReadsBody: true } && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && request.ContentLength is not 0
            && request.ContentType is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            request.EnableBuffering();
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, ct);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        if (Field(property) is { } field)
                        {
                            fields.TryAdd(field.Name, field.Text);
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // The handler answers a malformed body in its family's format.
            }

            request.Body.Position = 0;
        }

        return fields;
    }

    /// <summary>
    /// A string or number property's name and text; null for other kinds and for a name or value holding a lone
    /// surrogate (the handler refuses that body naming the field, in its family's format).
    /// </summary>
    private static (string Name, string Text)? Field(JsonProperty property)
    {
        try
        {
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                _ => null,
            };
            return text is null ? null : (property.Name, text);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
