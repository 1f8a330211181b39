namespace Crucible.Client;

/// <summary>Follows <c>next_page_token</c>s, refusing a server that hands back the same token forever.</summary>
internal static class Paging
{
    /// <summary>The token for the next request, or null when the last page has been read.</summary>
    public static string? Next(string? current, string? next, string endpoint)
    {
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }

        return next == current
            ? throw new InvalidDataException($"{endpoint} returned the page token it was given; stopping rather than looping forever.")
            : next;
    }
}
