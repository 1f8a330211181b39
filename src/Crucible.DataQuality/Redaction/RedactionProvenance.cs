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

    /// <summary>
    /// One line saying what was done, for a dataset version's <c>transform</c>: e.g.
    /// <c>redact: mask email, phone; hash (HMAC-SHA-256, secret salt) name</c>. Never holds the salt or its fingerprint.
    /// </summary>
    public string Describe() => "redact: " + string.Join(
        "; ",
        Columns.GroupBy(c => c.Action).Select(g => $"{Name(g.Key)} {string.Join(", ", g.Select(c => c.Column))}"));

    private static string Name(RedactionAction action) => action switch
    {
        RedactionAction.Mask => "mask",
        RedactionAction.Hash => "hash (HMAC-SHA-256, secret salt)",
        _ => "drop",
    };
}
