using System.Text.Json.Serialization;

namespace Crucible.DataQuality.Checks;

/// <summary>Outcome of one check, ordered from best to worst.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    [JsonStringEnumMemberName("pass")]
    Pass,

    [JsonStringEnumMemberName("warn")]
    Warn,

    [JsonStringEnumMemberName("fail")]
    Fail,
}
