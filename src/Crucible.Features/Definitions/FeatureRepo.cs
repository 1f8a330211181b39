namespace Crucible.Features.Definitions;

/// <summary>An entity: what features describe, identified by its join key columns (<c>driver_id</c>).</summary>
public sealed record EntityDefinition(string Name, IReadOnlyList<string> JoinKeys, string? Description);

/// <summary>Where a source's rows live.</summary>
public enum SourceKind
{
    /// <summary>A CSV, JSON Lines or Parquet file, or a folder of them, relative to the definition folder.</summary>
    Path,

    /// <summary>A registered dataset version, <c>NAME@VERSION</c>.</summary>
    Dataset,

    /// <summary>A PostgreSQL table (connection string from an environment variable).</summary>
    Postgres,
}

/// <summary>
/// Rows of feature values: <see cref="Location"/> (a path, <c>NAME@VERSION</c>, or a table name), the event timestamp
/// column, and an optional created timestamp column that breaks ties between rows with the same event time.
/// </summary>
public sealed record SourceDefinition(string Name, SourceKind Kind, string Location, string TimestampColumn, string? CreatedColumn, string? ConnectionEnv);

/// <summary>One feature of a view: its column in the source and its declared type (<c>float</c>, <c>int</c>, <c>string</c>, <c>bool</c>).</summary>
public sealed record FeatureDefinition(string Name, string Type);

/// <summary>
/// A feature view: features of one or more entities read from one source, valid for <see cref="Ttl"/> after their
/// event time (zero: forever), with an owner and tags.
/// </summary>
public sealed record FeatureViewDefinition(
    string Name,
    IReadOnlyList<string> Entities,
    string Source,
    TimeSpan Ttl,
    string? Owner,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<FeatureDefinition> Features);

/// <summary>A named set of features a model uses, as <c>VIEW:FEATURE</c> references.</summary>
public sealed record FeatureServiceDefinition(string Name, IReadOnlyList<FeatureRef> Features, string? Description);

/// <summary>A parsed, cross-checked set of definition files.</summary>
public sealed record FeatureRepo(
    IReadOnlyList<EntityDefinition> Entities,
    IReadOnlyList<SourceDefinition> Sources,
    IReadOnlyList<FeatureViewDefinition> Views,
    IReadOnlyList<FeatureServiceDefinition> Services)
{
    public FeatureViewDefinition View(string name) =>
        Views.FirstOrDefault(v => v.Name == name) ?? throw Core.Errors.CrucibleException.NotFound($"Feature view '{name}' is not defined.");

    public SourceDefinition SourceOf(FeatureViewDefinition view) => Sources.First(s => s.Name == view.Source);

    public FeatureServiceDefinition Service(string name) =>
        Services.FirstOrDefault(s => s.Name == name) ?? throw Core.Errors.CrucibleException.NotFound($"Feature service '{name}' is not defined.");

    /// <summary>The join key columns of a view, in entity order.</summary>
    public IReadOnlyList<string> JoinKeys(FeatureViewDefinition view) =>
        [.. view.Entities.SelectMany(e => Entities.First(x => x.Name == e).JoinKeys)];
}
