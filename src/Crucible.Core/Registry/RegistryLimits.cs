using Crucible.Core.Errors;

namespace Crucible.Core.Registry;

/// <summary>MLflow's registry limits and name checks.</summary>
public static class RegistryLimits
{
    public const int DefaultSearchModels = 100;
    public const int MaxSearchModels = 1000;
    public const int DefaultSearchVersions = 200_000;
    public const int MaxSearchVersions = 200_000;
    public const int MaxTagValueLength = 100_000;
    public const int MaxAliasLength = 255;
    public const int MaxNameLength = 256;

    public static string ModelName(string? name)
    {
        Guard.Required(name, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw CrucibleException.Invalid("Registered model name cannot be empty.");
        }

        return Guard.MaxLength(name, MaxNameLength, "name");
    }

    /// <summary>An alias: not empty, at most 255 characters, and not of the reserved form <c>v&lt;digits&gt;</c> or <c>latest</c>.</summary>
    public static string Alias(string? alias)
    {
        Guard.Required(alias, "alias");
        Guard.MaxLength(alias, MaxAliasLength, "alias");
        var reserved = alias.Equals("latest", StringComparison.OrdinalIgnoreCase)
            || (alias.Length > 1 && (alias[0] is 'v' or 'V') && alias[1..].All(char.IsAsciiDigit));
        if (reserved)
        {
            throw CrucibleException.Invalid($"'{alias}' alias name (case insensitive) is reserved.");
        }

        return alias;
    }

    /// <summary>A version number as MLflow parses it: a positive integer.</summary>
    public static long Version(string? version)
    {
        Guard.Required(version, "version");
        return long.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw CrucibleException.Invalid($"Parameter 'version' must be an integer, got '{version}'.");
    }

}
