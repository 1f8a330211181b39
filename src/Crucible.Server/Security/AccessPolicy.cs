using Crucible.Core.Security;

namespace Crucible.Server.Security;

/// <summary>Who may call a route: anyone, a caller holding a role, or (inference) a viewer or the deployment's serving-only token.</summary>
internal enum AccessKind
{
    /// <summary>Anyone, with or without credentials: health, readiness, sign-in, the API description.</summary>
    Public,

    /// <summary>An authenticated caller holding <see cref="Access.Role"/> or a higher one.</summary>
    Role,

    /// <summary>A viewer, or a serving-only token whose deployment is the one the route addresses.</summary>
    Inference,
}

/// <summary>What one operation needs. <see cref="Workspace"/>: the route touches workspace resources, so the caller's role must be for the default workspace.</summary>
internal readonly record struct Access(AccessKind Kind, Role Role, bool Workspace)
{
    public static Access Public { get; } = new(AccessKind.Public, Role.None, false);

    public static Access Inference { get; } = new(AccessKind.Inference, Role.Viewer, true);

    /// <summary>A workspace operation that needs <paramref name="role"/>.</summary>
    public static Access In(Role role) => new(AccessKind.Role, role, true);

    /// <summary>A server-wide operation (metrics, accounts) that needs <paramref name="role"/> in any workspace.</summary>
    public static Access Server(Role role) => new(AccessKind.Role, role, false);

    public override string ToString() => Kind switch
    {
        AccessKind.Public => "public",
        AccessKind.Inference => "viewer or the deployment's serving-only token",
        _ => Role.ToString().ToLowerInvariant() + (Workspace ? string.Empty : " (any workspace)"),
    };
}

/// <summary>
/// One exception to a policy's defaults: the operations whose HTTP method is <see cref="Method"/> (any when null) and
/// whose route pattern ends with <see cref="PatternSuffix"/> (any when empty) need <see cref="Access"/>.
/// </summary>
internal sealed record AccessRule(string? Method, string PatternSuffix, Access Access)
{
    public bool Matches(string method, string pattern) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && pattern.EndsWith(PatternSuffix, StringComparison.Ordinal);
}

/// <summary>
/// Endpoint metadata: the access policy of a route group, declared once where the group is mapped
/// (<see cref="AccessPolicyExtensions.RequireAccess{TBuilder}"/>). Reads (GET, HEAD, or a route marked
/// <see cref="ReadsOnlyExtensions.ReadsOnly{TBuilder}"/>) need <see cref="Reads"/>, other calls <see cref="Writes"/>,
/// unless one of <see cref="Rules"/> (first match wins) says otherwise. <see cref="AuthorizationGuard"/> enforces it;
/// a route without a policy is refused.
/// </summary>
internal sealed class AccessPolicy(string name, Access reads, Access writes, params AccessRule[] rules)
{
    public string Name { get; } = name;

    public Access Reads { get; } = reads;

    public Access Writes { get; } = writes;

    public IReadOnlyList<AccessRule> Rules { get; } = rules;

    /// <summary>How the group's requests name the resource they address (its workspace decides the role that counts); null: none.</summary>
    public Workspaces.ResourceLocator? Locator { get; init; }

    /// <summary>
    /// The resource is named inside the request's message (gRPC), which the guards cannot read: they check only that
    /// the caller is authenticated, and the handler calls <see cref="AuthorizationGuard.ServingTokenRefusal"/> and
    /// <see cref="Workspaces.ResourceAccess"/> once it has the name.
    /// </summary>
    public bool AddressedInMessage { get; init; }

    /// <summary>What a call with <paramref name="method"/> on the route <paramref name="pattern"/> needs.</summary>
    public Access For(string method, string pattern, bool readsOnly)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(method, pattern))
            {
                return rule.Access;
            }
        }

        return readsOnly || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? Reads : Writes;
    }

    /// <summary>What a call with <paramref name="method"/> on <paramref name="endpoint"/> needs.</summary>
    public Access For(RouteEndpoint endpoint, string method) =>
        For(method, endpoint.RoutePattern.RawText ?? string.Empty, endpoint.Metadata.GetMetadata<ReadsOnlyMetadata>() is not null);

    public override string ToString() => Name;
}

internal static class AccessPolicyExtensions
{
    /// <summary>Declares the access policy of the route(s); on a group it covers every route mapped in it (an inner group's policy wins).</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, AccessPolicy policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(policy);
}
