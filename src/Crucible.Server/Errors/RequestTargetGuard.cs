using Crucible.Core.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Crucible.Server.Errors;

/// <summary>
/// Refuses, before routing, a request whose target as sent (<see cref="IHttpRequestFeature.RawTarget"/>, before
/// Kestrel normalises it) would change meaning under normalisation: a dot segment (<c>.</c> or <c>..</c>, also
/// percent-encoded as <c>%2e</c>), or an encoded slash or backslash (<c>%2f</c>, <c>%5c</c>) inside a segment.
/// Without it <c>DELETE /api/crucible/v1/datasets/X/versions/..</c> reaches the route of <c>DELETE /datasets/X</c>.
/// Also refuses targets longer than <see cref="MaxTargetLength"/> with a 414 (Kestrel's own limit, which answers
/// with an empty body, is set above it in <see cref="CrucibleServer"/>).
/// </summary>
internal sealed class RequestTargetGuard(RequestDelegate next)
{
    /// <summary>The longest request target (path and query) answered; longer ones get a 414 in the family's format.</summary>
    public const int MaxTargetLength = 16 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        if (raw.Length > MaxTargetLength)
        {
            return ApiErrors.WriteAsync(
                context, ErrorCode.BadRequest, $"The request target is {raw.Length} characters long; at most {MaxTargetLength} are accepted.", StatusCodes.Status414UriTooLong);
        }

        return Problem(PathOf(raw)) is { } problem
            ? ApiErrors.WriteAsync(context, ErrorCode.InvalidParameterValue, $"The request path is refused: {problem}.")
            : next(context);
    }

    /// <summary>What is wrong with a raw path, or null.</summary>
    internal static string? Problem(string path)
    {
        // Every refusal needs a '.' or a '%': most paths (inference among them) have neither and cost one scan, no allocation.
        if (path.AsSpan().IndexOfAny('.', '%') < 0)
        {
            return null;
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                continue;
            }

            var decoded = segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
            if (decoded is "." or "..")
            {
                return $"it holds the dot segment '{segment}', which would change the path's meaning";
            }

            if (segment.Contains("%2f", StringComparison.OrdinalIgnoreCase) || segment.Contains("%5c", StringComparison.OrdinalIgnoreCase))
            {
                return $"the segment '{segment}' holds an encoded slash or backslash";
            }
        }

        return null;
    }

    /// <summary>The path of an origin-form (<c>/a/b?q</c>) or absolute-form (<c>http://host/a/b?q</c>) target.</summary>
    private static string PathOf(string raw)
    {
        var end = raw.AsSpan().IndexOfAny('?', '#');
        var path = end < 0 ? raw : raw[..end];
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && !path.StartsWith('/'))
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }

        return path;
    }
}
