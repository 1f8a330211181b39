using System.Text.Json.Serialization;

namespace Crucible.DataQuality.Redaction;

/// <summary>What redaction does to a column.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RedactionAction>))]
public enum RedactionAction
{
    /// <summary>Every letter and digit becomes <c>*</c>; separators and length stay, so formats remain visible.</summary>
    [JsonStringEnumMemberName("mask")]
    Mask,

    /// <summary>HMAC-SHA-256 keyed with the salt, lower-case hex: equal values stay joinable, values are not recoverable without the salt.</summary>
    [JsonStringEnumMemberName("hash")]
    Hash,

    /// <summary>The column is removed.</summary>
    [JsonStringEnumMemberName("drop")]
    Drop,
}
