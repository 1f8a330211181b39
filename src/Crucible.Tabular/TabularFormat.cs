using System.Text.Json.Serialization;

namespace Crucible.Tabular;

/// <summary>The file formats a <see cref="TabularReader"/> understands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TabularFormat>))]
public enum TabularFormat
{
    /// <summary>Comma-separated values per RFC 4180: a header line, quoted fields, doubled quotes, CRLF or LF.</summary>
    [JsonStringEnumMemberName("csv")]
    Csv,

    /// <summary>JSON Lines: one JSON object per line; the first object's keys are the columns.</summary>
    [JsonStringEnumMemberName("jsonl")]
    Jsonl,

    /// <summary>Apache Parquet: read row group by row group; flat columns only.</summary>
    [JsonStringEnumMemberName("parquet")]
    Parquet,
}
