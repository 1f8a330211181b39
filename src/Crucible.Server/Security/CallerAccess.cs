using Crucible.Core.Security;

namespace Crucible.Server.Security;

/// <summary>The request's <see cref="Caller"/>, carried as an HTTP feature so every layer reads the same one.</summary>
public static class CallerAccess
{
    /// <summary>
    /// The caller the authentication layer set; a request it never saw (auth off) is <see cref="Caller.LocalNoAuth"/>.
    /// </summary>
    public static Caller GetCaller(this HttpContext context) =>
        context.Features.Get<Caller>() ?? Caller.LocalNoAuth;

    /// <summary>Set by the authentication layer only (internal: nothing else, in or out of the server, chooses who is calling).</summary>
    internal static void SetCaller(this HttpContext context, Caller caller) => context.Features.Set(caller);
}
