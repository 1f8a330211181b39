using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;

namespace Crucible.Registry;

/// <summary>
/// Whether a version can be served, written as version tags at registration (in the same transaction as the
/// version): <c>crucible.servable</c> is <c>true</c> or <c>false</c>, and <c>crucible.unservable_reason</c> says why
/// not. MLflow clients see them as ordinary tags and can search on them; the server sets them and refuses to let a
/// client set or delete them. What decides at deploy time is the package record itself (<see cref="ServableCheck"/>).
/// </summary>
public static class Servability
{
    public const string ServableTag = "crucible.servable";
    public const string ReasonTag = "crucible.unservable_reason";

    /// <summary>The tags recording a registration's outcome.</summary>
    public static IReadOnlyList<Tag> Tags(string? unservableReason) => unservableReason is null
        ? [new Tag(ServableTag, "true")]
        : [new Tag(ServableTag, "false"), new Tag(ReasonTag, Cap(unservableReason))];

    /// <summary>Refuses a client's write to a tag the server owns.</summary>
    public static void RefuseReserved(string? key)
    {
        if (key is ServableTag or ReasonTag)
        {
            throw CrucibleException.Invalid($"Tag '{key}' is set by the server at registration (whether the version can be served); it cannot be set or deleted.");
        }
    }

    private static string Cap(string reason) =>
        reason.Length <= RegistryLimits.MaxTagValueLength ? reason : reason[..RegistryLimits.MaxTagValueLength];
}
