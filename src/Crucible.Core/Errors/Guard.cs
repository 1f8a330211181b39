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
