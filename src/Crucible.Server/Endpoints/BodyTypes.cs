using Microsoft.Net.Http.Headers;

namespace Crucible.Server.Endpoints;

/// <summary>
/// Route metadata: the media types a write endpoint's request body may have. A route without it takes
/// <c>application/json</c> only (<see cref="Errors.ContentTypeGuard"/>), so a new route is JSON unless it says otherwise.
/// </summary>
internal sealed class BodyTypes
{
    private BodyTypes(IReadOnlyList<string> mediaTypes) => MediaTypes = mediaTypes;

    public static BodyTypes Json { get; } = new(["application/json"]);

    /// <summary>Any media type: file uploads, and endpoints that choose a reader by the type themselves.</summary>
    public static BodyTypes Any { get; } = new([]);

    /// <summary>The accepted media types; empty means any.</summary>
    public IReadOnlyList<string> MediaTypes { get; }

    public static BodyTypes Of(params string[] mediaTypes) => new(mediaTypes);

    /// <summary>Whether a <c>Content-Type</c> header value is one of <see cref="MediaTypes"/> (parameters such as charset aside).</summary>
    public bool Allows(string contentType) =>
        MediaTypes.Count == 0
        || (MediaTypeHeaderValue.TryParse(contentType, out var media)
            && MediaTypes.Any(t => media.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>Declares a route's <see cref="BodyTypes"/>.</summary>
internal static class BodyTypesExtensions
{
    public static TBuilder WithBodyTypes<TBuilder>(this TBuilder builder, params string[] mediaTypes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(BodyTypes.Of(mediaTypes));

    public static TBuilder WithAnyBody<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(BodyTypes.Any);
}
