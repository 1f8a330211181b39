using Crucible.Core.Errors;

namespace Crucible.Features.Definitions;

/// <summary>A feature named by its view: <c>VIEW:FEATURE</c>.</summary>
public sealed record FeatureRef(string View, string Feature)
{
    public override string ToString() => $"{View}:{Feature}";

    /// <summary>Parses <c>VIEW:FEATURE</c>; anything else is <c>InvalidParameterValue</c>.</summary>
    public static FeatureRef Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var reference)
            ? reference
            : throw CrucibleException.Invalid($"Invalid feature reference '{text}': expected VIEW:FEATURE.");
    }

    public static bool TryParse(string text, out FeatureRef reference)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        reference = colon > 0 && colon < text.Length - 1 && text.IndexOf(':', colon + 1) < 0
            ? new FeatureRef(text[..colon].Trim(), text[(colon + 1)..].Trim())
            : new FeatureRef(string.Empty, string.Empty);
        return reference.View.Length > 0 && reference.Feature.Length > 0;
    }

    /// <summary>Parses a comma-separated list of references.</summary>
    public static IReadOnlyList<FeatureRef> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();
        return list.Count > 0 ? list : throw CrucibleException.Invalid("No features requested: expected VIEW:FEATURE,...");
    }
}
