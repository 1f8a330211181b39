namespace Crucible.Contracts;

/// <summary>
/// Where Crucible's native API lives: the one place its root is spelled, shared by the server (route group, error
/// family), the client and the CLI. Relative forms keep a tracking URI's own base path when combined with it.
/// </summary>
public static class NativeApiRoute
{
    /// <summary>The native family, relative: every path under it answers errors as ProblemDetails.</summary>
    public const string Family = "api/crucible";

    /// <summary>The version-1 root, relative (<c>api/crucible/v1</c>).</summary>
    public const string Path = Family + "/v1";

    /// <summary>The version-1 root as a route (<c>/api/crucible/v1</c>).</summary>
    public const string Root = "/" + Path;
}
