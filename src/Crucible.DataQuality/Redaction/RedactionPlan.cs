using Crucible.DataQuality.Reading;

namespace Crucible.DataQuality.Redaction;

/// <summary>Which columns to mask, hash or drop; the salt keys the hash.</summary>
public sealed record RedactionPlan
{
    public IReadOnlyList<string> Mask { get; init; } = [];

    public IReadOnlyList<string> Hash { get; init; } = [];

    public IReadOnlyList<string> Drop { get; init; } = [];

    /// <summary>Required when <see cref="Hash"/> is not empty; never written to the output or the provenance.</summary>
    public string? Salt { get; init; }

    public ReaderOptions Reader { get; init; } = new();

    /// <summary>Called with the bytes read so far and the file size, now and then.</summary>
    public Action<long, long?>? Progress { get; init; }
}
