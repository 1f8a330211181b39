using System.Text.Json.Serialization;
using Crucible.Tabular;

namespace Crucible.DataQuality.Profiling;

/// <summary>The schema and column profiles of a file, with its content digest and row count.</summary>
public sealed record DatasetProfile
{
    public required string Source { get; init; }

    public required TabularFormat Format { get; init; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public required long Bytes { get; init; }

    public required long RowCount { get; init; }

    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>
    /// The same columns as Stats' mergeable profile (counts, moments, KLL quantiles, HyperLogLog distinct, frequent
    /// strings): merge it with other scans' or store it with <c>ToBytes()</c>. Null when two columns share a name.
    /// Not part of the JSON form.
    /// </summary>
    [JsonIgnore]
    public Stats.Profiles.DatasetProfile? Sketches { get; init; }

    /// <summary>The profile of a column by name, or null.</summary>
    public ColumnProfile? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
