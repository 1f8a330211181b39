namespace Crucible.Tabular;

/// <summary>The short names formats go by in the API, the store and file names: <c>csv</c>, <c>jsonl</c>, <c>parquet</c>.</summary>
public static class TabularFormats
{
    /// <summary>The short name of a format.</summary>
    public static string Name(TabularFormat format) => format switch
    {
        TabularFormat.Jsonl => "jsonl",
        TabularFormat.Parquet => "parquet",
        _ => "csv",
    };

    /// <summary>The format of a short name (<c>csv</c>, <c>jsonl</c> or <c>ndjson</c>, <c>parquet</c>; any case); null for another.</summary>
    public static TabularFormat? Parse(string? name) => name?.ToUpperInvariant() switch
    {
        "CSV" => TabularFormat.Csv,
        "JSONL" or "NDJSON" => TabularFormat.Jsonl,
        "PARQUET" => TabularFormat.Parquet,
        _ => null,
    };

    /// <summary>The media type a file of this format is served as.</summary>
    public static string ContentType(TabularFormat format) => format switch
    {
        TabularFormat.Jsonl => "application/jsonl",
        TabularFormat.Parquet => "application/vnd.apache.parquet",
        _ => "text/csv",
    };
}
