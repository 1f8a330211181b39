using System.Text.Json.Serialization;

namespace Crucible.DataQuality.Profiling;

/// <summary>What a column is for in modelling, inferred by <see cref="RoleInference"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnRole>))]
public enum ColumnRole
{
    /// <summary>A measured quantity.</summary>
    [JsonStringEnumMemberName("numeric")]
    Numeric,

    /// <summary>A small set of repeated labels.</summary>
    [JsonStringEnumMemberName("categorical")]
    Categorical,

    /// <summary>Free text: many distinct values with spaces or long values.</summary>
    [JsonStringEnumMemberName("text")]
    Text,

    /// <summary>An identifier: (almost) one distinct value per row.</summary>
    [JsonStringEnumMemberName("id")]
    Id,

    /// <summary>A point in time.</summary>
    [JsonStringEnumMemberName("datetime")]
    Datetime,
}
