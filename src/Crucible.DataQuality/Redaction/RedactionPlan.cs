using Crucible.Core.Errors;
using Crucible.Tabular;

namespace Crucible.DataQuality.Redaction;

/// <summary>Which columns to mask, hash or drop; the salt keys the hash.</summary>
public sealed record RedactionPlan
{
    public IReadOnlyList<string> Mask { get; init; } = [];

    public IReadOnlyList<string> Hash { get; init; } = [];

    public IReadOnlyList<string> Drop { get; init; } = [];

    /// <summary>Required when <see cref="Hash"/> is not empty; never written to the output or the provenance.</summary>
    public string? Salt { get; init; }

    public TabularOptions Reader { get; init; } = new();

    /// <summary>Called with the bytes read so far and the file size, now and then.</summary>
    public Action<long, long?>? Progress { get; init; }

    /// <summary>One method for every named column.</summary>
    public static RedactionPlan Of(RedactionAction action, IReadOnlyList<string> columns, string? salt) => action switch
    {
        RedactionAction.Mask => new RedactionPlan { Mask = columns, Salt = salt },
        RedactionAction.Hash => new RedactionPlan { Hash = columns, Salt = salt },
        _ => new RedactionPlan { Drop = columns, Salt = salt },
    };

    /// <summary>Parses <c>mask</c>, <c>hash</c> or <c>drop</c> (any case).</summary>
    public static RedactionAction Method(string? method) => method?.ToLowerInvariant() switch
    {
        "mask" => RedactionAction.Mask,
        "hash" => RedactionAction.Hash,
        "drop" => RedactionAction.Drop,
        _ => throw CrucibleException.Invalid($"Invalid redaction method '{method}': use mask, hash or drop."),
    };
}
