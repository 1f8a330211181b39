using System.Collections.Concurrent;
using Crucible.Core.Security;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security.Workspaces;

/// <summary>
/// The store lookups authorization makes, cached. Where a resource lives is cached without expiry for resources whose
/// owner never changes (experiments, runs, logged models by id, monitors by generated id); name-keyed resources
/// (models, datasets, deployments, pipelines) can be deleted and created again elsewhere, so they are read each time.
/// A principal's grants are cached for <see cref="AuthOptions.CredentialCacheTtl"/> and dropped at once when changed
/// through this server (another replica sees a change within the TTL, as for credentials).
/// </summary>
internal sealed class WorkspaceDirectory(IWorkspaceStore store, ServerOptions options, TimeProvider time)
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(ResourceKind, string), ResourceLocation> _locations = new();
    private readonly ConcurrentDictionary<string, (long LoadedMs, Dictionary<(GrantTarget, string), Permission> Grants)> _grants = new(StringComparer.Ordinal);
    private readonly long _ttlMs = (long)options.Auth.CredentialCacheTtl.TotalMilliseconds;

    public IWorkspaceStore Store => store;

    /// <summary>Where the resource lives, or null when it does not exist.</summary>
    public async ValueTask<ResourceLocation?> LocateAsync(ResourceKind kind, string id, CancellationToken cancellationToken)
    {
        if (_locations.TryGetValue((kind, id), out var cached))
        {
            return cached;
        }

        var location = await store.LocateAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (location is not null && kind is ResourceKind.Experiment or ResourceKind.Run or ResourceKind.LoggedModel or ResourceKind.Monitor)
        {
            if (_locations.Count >= MaxEntries)
            {
                _locations.Clear();
            }

            _locations[(kind, id)] = location;
        }

        return location;
    }

    /// <summary>The permission <paramref name="principal"/> was granted on the resource, or null when none.</summary>
    public async ValueTask<Permission?> GrantAsync(string principal, GrantTarget target, string resourceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!_grants.TryGetValue(principal, out var entry) || now - entry.LoadedMs >= _ttlMs)
        {
            var grants = (await store.ListGrantsAsync(principal, cancellationToken).ConfigureAwait(false))
                .ToDictionary(g => (g.Target, g.ResourceId), g => g.Permission);
            entry = (now, grants);
            if (_ttlMs > 0)
            {
                if (_grants.Count >= MaxEntries)
                {
                    _grants.Clear();
                }

                _grants[principal] = entry;
            }
        }

        return entry.Grants.TryGetValue((target, resourceId), out var permission) ? permission : null;
    }

    /// <summary>Drops the cached grants of <paramref name="principal"/>, or of everyone (null).</summary>
    public void ForgetGrants(string? principal)
    {
        if (principal is null)
        {
            _grants.Clear();
        }
        else
        {
            _grants.TryRemove(principal, out _);
        }
    }

    /// <summary>What a permission gives on its one resource: READ a viewer, EDIT an editor, MANAGE a maintainer.</summary>
    public static Role RoleOf(Permission permission) => permission switch
    {
        Permission.Read => Role.Viewer,
        Permission.Edit => Role.Editor,
        Permission.Manage => Role.Maintainer,
        _ => Role.None,
    };

    /// <summary>
    /// The role <paramref name="caller"/> holds on a resource at <paramref name="location"/>: an admin of the server
    /// is admin everywhere; otherwise its role in the resource's workspace, raised by a grant on the resource (capped
    /// at a token's own role), or none at all under NO_PERMISSIONS. A token's grants count only in its own workspace.
    /// </summary>
    public async ValueTask<Role> RoleOnAsync(Caller caller, ResourceLocation location, CancellationToken cancellationToken)
    {
        if (caller.IsServerAdmin)
        {
            return Role.Admin;
        }

        var role = caller.RoleIn(location.Workspace);
        if (location.GrantTarget is not { } target || location.GrantId is not { } id || caller.Kind is not (CallerKind.User or CallerKind.ServiceAccount))
        {
            return role;
        }

        var grant = await GrantAsync(caller.Name, target, id, cancellationToken).ConfigureAwait(false);
        if (grant == Permission.NoPermissions)
        {
            return Role.None;
        }

        if (grant is { } permission && (caller.GrantsEverywhere || string.Equals(caller.Workspace, location.Workspace, StringComparison.Ordinal)))
        {
            var granted = RoleOf(permission);
            granted = granted < caller.GrantCap ? granted : caller.GrantCap;
            return granted > role ? granted : role;
        }

        return role;
    }
}
