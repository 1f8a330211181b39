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
}
