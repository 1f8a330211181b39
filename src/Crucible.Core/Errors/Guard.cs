using System.Diagnostics.CodeAnalysis;

namespace Crucible.Core.Errors;

/// <summary>Argument checks that fail with <see cref="ErrorCode.InvalidParameterValue"/> and MLflow's wording.</summary>
public static class Guard
{
    public static string Required([NotNull] string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw CrucibleException.Invalid($"Missing value for required parameter '{name}'.");
        }

        return value;
    }

    public static T Required<T>([NotNull] T? value, string name)
        where T : struct
    {
        if (value is null)
        {
            throw CrucibleException.Invalid($"Missing value for required parameter '{name}'.");
        }

        return value.Value;
    }

    /// <summary>A page size (<c>max_results</c>): the default when absent, refused when out of range.</summary>
    public static int PageSize(int? requested, int defaultValue, int max, string name = "max_results")
    {
        var value = requested ?? defaultValue;
        if (value < 1 || value > max)
        {
            throw CrucibleException.Invalid($"Invalid value {value} for parameter '{name}' supplied. It must be at most {max} and at least 1.");
        }

        return value;
    }

    public static string MaxLength(string value, int max, string name)
    {
        if (value.Length > max)
        {
            throw CrucibleException.Invalid(
                $"'{name}' exceeds the maximum length of {max} characters (got {value.Length}).");
        }

        return value;
    }

    /// <summary>The latest instant a time bound may name: the end of year 9999 (<see cref="DateTimeOffset.MaxValue"/>) in Unix milliseconds.</summary>
    public const long LatestEpochMs = 253_402_300_799_999;

    /// <summary>The longest duration (window, range step) a caller may ask for: ten years of milliseconds.</summary>
    public const long MaxDurationMs = 10L * 366 * 24 * 3_600_000;

    /// <summary>
    /// A time bound in Unix milliseconds between 1970 and the end of year 9999, so that adding a bounded duration
    /// cannot overflow and every bound converts to a <see cref="DateTimeOffset"/>.
    /// </summary>
    public static long EpochMs(long value, string name) =>
        value is >= 0 and <= LatestEpochMs
            ? value
            : throw CrucibleException.Invalid($"Invalid value {value} for parameter '{name}': expected Unix milliseconds between 0 and {LatestEpochMs}.");

    /// <inheritdoc cref="EpochMs(long, string)"/>
    public static long? EpochMs(long? value, string name) => value is { } v ? EpochMs(v, name) : null;

    /// <summary>A duration in milliseconds between <paramref name="min"/> and <see cref="MaxDurationMs"/> (ten years).</summary>
    public static long DurationMs(long value, string name, long min = 1) =>
        value >= min && value <= MaxDurationMs
            ? value
            : throw CrucibleException.Invalid($"Invalid value {value} for parameter '{name}': expected a duration of {min} to {MaxDurationMs} milliseconds.");
}
