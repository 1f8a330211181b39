using System.Text.Json.Serialization;

namespace Crucible.DataQuality.Profiling;

/// <summary>The inferred value type of a column: the narrowest type every non-missing cell parses as.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnType>))]
public enum ColumnType
{
    /// <summary>Whole numbers (optional sign, digits, no leading zero).</summary>
    [JsonStringEnumMemberName("integer")]
    Integer,

    /// <summary>Numbers with a fraction or exponent (integers mixed with floats widen to this).</summary>
    [JsonStringEnumMemberName("float")]
    Float,

    /// <summary><c>true</c> / <c>false</c>, any case.</summary>
    [JsonStringEnumMemberName("boolean")]
    Boolean,

    /// <summary>ISO-8601 dates or date-times (<c>yyyy-MM-dd</c>, optionally <c>THH:mm[:ss[.f]]</c> and an offset).</summary>
    [JsonStringEnumMemberName("datetime")]
    DateTime,

    /// <summary>Anything else, including columns mixing the types above, and all-missing columns.</summary>
    [JsonStringEnumMemberName("string")]
    String,
}
