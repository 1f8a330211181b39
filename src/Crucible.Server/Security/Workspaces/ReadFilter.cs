using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Core.Tracking;

namespace Crucible.Server.Security.Workspaces;

/// <summary>
/// Searches and lists drop what the caller may not read instead of refusing (as MLflow's auth app does for experiment
/// and model searches; Crucible also filters model-version search and its own lists). An item is readable when the
/// caller's role on it (<see cref="WorkspaceDirectory.RoleOnAsync"/>: its workspace's role, raised or cut by a grant)
/// is at least viewer. Paged searches refill: a page short of readable items is topped up from the following pages,
/// asking each time for exactly the number still missing, so the next page token always points just after the last
/// item looked at and every page but the last is full.
/// </summary>
internal static class ReadFilter
{
    /// <summary>Store pages one search may read while topping up a page: a bound on the work one request can cause.</summary>
    public const int MaxStoreCalls = 100;

    /// <summary>The items of <paramref name="items"/> the request's caller may read; <paramref name="id"/> gives each one's id of <paramref name="kind"/>.</summary>
    public static async Task<IReadOnlyList<T>> ReadableAsync<T>(HttpContext http, IReadOnlyList<T> items, ResourceKind kind, Func<T, string> id)
    {
        var caller = http.GetCaller();
        if (caller.IsServerAdmin || items.Count == 0)
        {
            return items;
        }

        var directory = http.RequestServices.GetRequiredService<WorkspaceDirectory>();
        var ct = http.RequestAborted;
        var owners = await directory.Store.WorkspacesOfAsync(kind, [.. items.Select(id)], ct);
        var grant = kind switch
        {
            ResourceKind.Experiment => GrantTarget.Experiment,
            ResourceKind.RegisteredModel => GrantTarget.RegisteredModel,
            _ => (GrantTarget?)null,
        };
        var readable = new List<T>(items.Count);
        foreach (var item in items)
        {
            var key = id(item);
            if (owners.TryGetValue(key, out var workspace)
                && await directory.RoleOnAsync(caller, new ResourceLocation(workspace, grant, grant is null ? null : key), ct) >= Role.Viewer)
            {
                readable.Add(item);
            }
        }

        return readable;
    }

    /// <summary>
    /// For a request that names several resources in one field (which <see cref="ResourceAccessGuard"/> does not read):
    /// each must exist (else its handler's 404) and be readable by the caller (else 403, as the guard answers for one).
    /// </summary>
    public static async Task RequireReadableAsync(HttpContext http, IReadOnlyList<string> ids, ResourceKind kind)
    {
        var caller = http.GetCaller();
        var directory = http.RequestServices.GetRequiredService<WorkspaceDirectory>();
        foreach (var id in ids)
        {
            var location = await directory.LocateAsync(kind, id, http.RequestAborted)
                ?? throw CrucibleException.NotFound(ResourceLocator.NotFoundMessage(kind, id));
            if (!caller.IsServerAdmin && await directory.RoleOnAsync(caller, location, http.RequestAborted) < Role.Viewer)
            {
                throw new CrucibleException(
                    ErrorCode.PermissionDenied, $"'{caller.Name}' may not read {kind.ToString().ToLowerInvariant()} {id} (workspace '{location.Workspace}').");
            }
        }
    }

    /// <summary>
    /// One page of at most <paramref name="maxResults"/> readable items from <paramref name="search"/> (called with a
    /// page token and a page size), starting at <paramref name="pageToken"/>.
    /// </summary>
    public static async Task<Page<T>> ReadablePageAsync<T>(
        HttpContext http, string? pageToken, int maxResults, Func<string?, int, Task<Page<T>>> search, ResourceKind kind, Func<T, string> id)
    {
        if (http.GetCaller().IsServerAdmin)
        {
            return await search(pageToken, maxResults);
        }

        var items = new List<T>(maxResults);
        var token = pageToken;
        for (var calls = 0; calls < MaxStoreCalls && items.Count < maxResults; calls++)
        {
            var page = await search(token, maxResults - items.Count);
            items.AddRange(await ReadableAsync(http, page.Items, kind, id));
            token = page.NextPageToken;
            if (token is null)
            {
                break;
            }
        }

        return new Page<T>(items, token);
    }
}
