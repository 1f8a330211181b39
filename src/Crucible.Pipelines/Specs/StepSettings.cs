using System.Globalization;

namespace Crucible.Pipelines.Specs;

/// <summary>
/// A step's settings (everything but <c>id</c>, <c>type</c> and <c>needs</c>) with typed readers. A value of the
/// wrong shape throws <see cref="PipelineStepException"/> naming the setting and its line.
/// </summary>
public sealed class StepSettings(SpecMap map)
{
    public SpecMap Map { get; } = map;

    public bool Has(string key) => Map.Entries.ContainsKey(key);

    public string? Text(string key) => Map.Entries.TryGetValue(key, out var value)
        ? value as SpecText is { } text ? text.Text : throw Wrong(key, value, "a single value")
        : null;

    public string RequiredText(string key) => Text(key) is { Length: > 0 } text ? text : throw new PipelineStepException($"setting '{key}' is required");

    /// <summary>A list of values; a single value counts as a list of one; absent is empty.</summary>
    public IReadOnlyList<string> TextList(string key) => Map.Entries.TryGetValue(key, out var value)
        ? value switch
        {
            SpecText text => [text.Text],
            SpecList list => [.. list.Items.Select(i => i is SpecText t ? t.Text : throw Wrong(key, i, "a list of values"))],
            _ => throw Wrong(key, value, "a list of values"),
        }
        : [];

    /// <summary>A map of names to values; absent is empty.</summary>
    public IReadOnlyDictionary<string, string> TextMap(string key) => Map.Entries.TryGetValue(key, out var value)
        ? value is SpecMap map
            ? map.Entries.ToDictionary(e => e.Key, e => e.Value is SpecText t ? t.Text : throw Wrong($"{key}.{e.Key}", e.Value, "a single value"), StringComparer.Ordinal)
            : throw Wrong(key, value, "a map of names to values")
        : new Dictionary<string, string>(StringComparer.Ordinal);

    public double? Number(string key) => Text(key) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new PipelineStepException($"setting '{key}' (line {Map.Entries[key].Line}): '{text}' is not a number");

    public TimeSpan? Duration(string key) => Text(key) is not { } text ? null
        : Durations.TryParse(text, out var duration)
            ? duration
            : throw new PipelineStepException($"setting '{key}' (line {Map.Entries[key].Line}): '{text}' is not a duration ({Durations.Syntax})");

    private static PipelineStepException Wrong(string key, SpecValue value, string expected) =>
        new($"setting '{key}' (line {value.Line}) must be {expected}");
}
