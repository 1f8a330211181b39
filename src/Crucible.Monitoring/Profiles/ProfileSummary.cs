using Crucible.Stats.Profiles;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Monitoring.Profiles;

/// <summary>Human-sized facts about one column of a profile.</summary>
public sealed record ColumnSummary(
    string Name,
    string Kind,
    long Count,
    long Nulls,
    long NaN,
    long Infinite,
    double Distinct,
    double? Mean,
    double? Std,
    double? Min,
    double? Median,
    double? Max,
    IReadOnlyList<string> Top);

/// <summary>Human-sized facts about a profile (what <c>crucible profile</c> prints).</summary>
public sealed record ProfileSummary(long RowCount, DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<ColumnSummary> Columns)
{
    /// <summary>Summarizes a profile: moments and quantiles for numbers, the top 3 items for categories.</summary>
    public static ProfileSummary Of(DatasetProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var columns = profile.Columns.Select(c =>
        {
            bool numbers = c.NumericCount > 0;
            return new ColumnSummary(
                c.Name,
                c.Kind.ToString().ToLowerInvariant(),
                c.Count,
                c.NullCount,
                c.NaNCount,
                c.InfinityCount,
                c.DistinctEstimate(),
                numbers ? c.Moments.Mean : null,
                c.NumericCount > 1 ? c.Moments.SampleStdDev : null,
                numbers ? c.Moments.Min : null,
                numbers ? c.Quantiles.Quantile(0.5) : null,
                numbers ? c.Moments.Max : null,
                c.FrequentStrings.TopK(3).Select(f => f.Item).ToList());
        }).ToList();
        return new ProfileSummary(profile.RowCount, profile.WindowStart, profile.WindowEnd, profile.Tags, columns);
    }

    /// <summary>Indented snake_case JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ProfileJsonContext.Default.ProfileSummary);
}

/// <summary>Source-generated JSON (snake_case) for profile summaries.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ProfileSummary))]
public sealed partial class ProfileJsonContext : JsonSerializerContext;
