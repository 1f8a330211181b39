using System.Text.RegularExpressions;

namespace Crucible.Pipelines.Specs;

/// <summary>
/// The <c>${...}</c> references a setting may hold: <c>${params.NAME}</c>, <c>${steps.ID.outputs.KEY}</c>,
/// <c>${run.id}</c> (the pipeline run) and <c>${pipeline.name}</c>.
/// </summary>
public static partial class References
{
    /// <summary>One reference in a text: the whole <c>${...}</c>, and its parts split on the first dots.</summary>
    public sealed record Reference(string Text, string Kind, string Name, string? Key, int Offset);

    public static IEnumerable<Reference> In(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match m in Pattern().Matches(text))
        {
            yield return Split(m.Value, m.Groups[1].Value, m.Index);
        }
    }

    /// <summary>Every text value inside <paramref name="value"/>, depth first.</summary>
    public static IEnumerable<SpecText> Texts(SpecValue value) => value switch
    {
        SpecText text => [text],
        SpecList list => list.Items.SelectMany(Texts),
        SpecMap map => map.Entries.Values.SelectMany(Texts),
        _ => [],
    };

    /// <summary>Replaces every reference in every text of <paramref name="value"/> with <paramref name="resolve"/>'s answer.</summary>
    public static SpecValue Substitute(SpecValue value, Func<Reference, string> resolve) => value switch
    {
        SpecText text => text with { Text = Pattern().Replace(text.Text, m => resolve(Split(m.Value, m.Groups[1].Value, m.Index))) },
        SpecList list => list with { Items = [.. list.Items.Select(i => Substitute(i, resolve))] },
        SpecMap map => map with { Entries = map.Entries.ToDictionary(e => e.Key, e => Substitute(e.Value, resolve), StringComparer.Ordinal) },
        _ => value,
    };

    /// <summary>Null when the reference is well formed, else what is wrong with it.</summary>
    public static string? Problem(Reference reference) => reference.Kind switch
    {
        "params" when reference.Key is null && reference.Name.Length > 0 => null,
        "steps" when reference.Key is { } key && key.StartsWith("outputs.", StringComparison.Ordinal) && key.Length > "outputs.".Length => null,
        "run" when reference.Name == "id" && reference.Key is null => null,
        "pipeline" when reference.Name == "name" && reference.Key is null => null,
        _ => $"invalid reference '{reference.Text}': use ${{params.NAME}}, ${{steps.ID.outputs.KEY}}, ${{run.id}} or ${{pipeline.name}}",
    };

    private static Reference Split(string whole, string inner, int offset)
    {
        var parts = inner.Split('.', 3);
        return new Reference(whole, parts[0], parts.Length > 1 ? parts[1] : string.Empty, parts.Length > 2 ? parts[2] : null, offset);
    }

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Pattern();
}
