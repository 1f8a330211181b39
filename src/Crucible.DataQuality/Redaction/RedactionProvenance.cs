namespace Crucible.DataQuality.Redaction;

/// <summary>One column's treatment in a redaction.</summary>
public sealed record RedactedColumn(string Column, RedactionAction Action);

/// <summary>
/// What a redaction did, written next to the output as <c>OUT.provenance.json</c>: source and output
/// with their SHA-256, row count, the action per column and a fingerprint of the salt (its SHA-256, not the salt).
/// </summary>
public sealed record RedactionProvenance
{
    public required string Source { get; init; }

    public required string SourceSha256 { get; init; }

    public required string Output { get; init; }

    public required string OutputSha256 { get; init; }

    public required long Rows { get; init; }

    public required IReadOnlyList<RedactedColumn> Columns { get; init; }

    public string? SaltSha256 { get; init; }

    public required string Transform { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
