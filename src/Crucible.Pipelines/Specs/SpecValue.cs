namespace Crucible.Pipelines.Specs;

/// <summary>A setting's value as written in the pipeline file: text, a list, or a map; with where it starts.</summary>
public abstract record SpecValue(int Line, int Column);

/// <summary>A scalar, always kept as its text (<c>0.5</c>, <c>true</c>, <c>${params.x}</c>).</summary>
public sealed record SpecText(string Text, int Line, int Column) : SpecValue(Line, Column);

public sealed record SpecList(IReadOnlyList<SpecValue> Items, int Line, int Column) : SpecValue(Line, Column);

public sealed record SpecMap(IReadOnlyDictionary<string, SpecValue> Entries, int Line, int Column) : SpecValue(Line, Column);
