using System.Globalization;
using Crucible.Core.Errors;

namespace Crucible.Core.Datasets;

/// <summary>Names, formats and provenance bounds for datasets, checked in one place for the API, the CLI and the stores.</summary>
public static class DatasetLimits
{
    public const int MaxNameLength = 256;
    public const int MaxTextLength = 5000;
    public const int MaxParents = 100;
    public static readonly IReadOnlyList<string> Formats = ["csv", "jsonl", "parquet"];

    /// <summary>Hex characters of the SHA-256 kept in <see cref="MlflowDigest"/>: MLflow caps a run input's digest at 36 characters.</summary>
    public const int MlflowDigestLength = 32;

    /// <summary>
    /// The digest a run logs (MLflow <c>log_input</c>, <c>runs/log-inputs</c>) for this file: the first 32 hex characters
    /// of its SHA-256, since MLflow refuses dataset digests longer than 36 characters. Lineage matches on it.
    /// </summary>
    public static string MlflowDigest(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return sha256.Length > MlflowDigestLength ? sha256[..MlflowDigestLength] : sha256;
    }

    /// <summary>
    /// A name as MLflow names registered models, tightened because the name is a URL path segment, an artifact
    /// folder and half of a <c>name@version</c> reference: 1 to 256 letters, digits, <c>-</c>, <c>_</c> and
    /// <c>.</c>, starting with a letter or digit.
    /// </summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static string Name(string? name) => IsValidName(name)
        ? name!
        : throw CrucibleException.Invalid(
            $"Invalid dataset name '{name}': use 1 to {MaxNameLength} letters, digits, '-', '_' or '.', starting with a letter or digit.");

    /// <summary>A version number: a positive integer.</summary>
    public static long Version(string? version) =>
        long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw CrucibleException.Invalid($"Invalid dataset version '{version}': versions are positive integers.");

    public static string Format(string? format) => format?.ToLowerInvariant() is { } f && Formats.Contains(f)
        ? f
        : throw CrucibleException.Invalid($"Invalid dataset format '{format}': use csv, jsonl or parquet.");

    /// <summary>Parses <c>name@version</c>.</summary>
    public static DatasetParent Parent(string? text) => Parse(text, "parent dataset");

    /// <summary>Parses <c>name@version</c> naming a version to compare with or act on.</summary>
    public static DatasetParent Reference(string? text) => Parse(text, "dataset version");

    private static DatasetParent Parse(string? text, string role)
    {
        var at = text?.LastIndexOf('@') ?? -1;
        if (text is null || at <= 0 || at == text.Length - 1)
        {
            throw CrucibleException.Invalid($"Invalid {role} '{text}': use NAME@VERSION, e.g. customers@3.");
        }

        return new DatasetParent(Name(text[..at]), Version(text[(at + 1)..]));
    }

    /// <summary>Parses a comma-separated list of <c>name@version</c> (empty or null gives none).</summary>
    public static IReadOnlyList<DatasetParent> Parents(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parent)];

    public static void Validate(NewDatasetVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        Name(version.Name);
        if (version.Digest is not { Length: 64 } digest || !digest.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw CrucibleException.Invalid($"Invalid digest '{version.Digest}': use the SHA-256 of the file as 64 lower-case hex digits.");
        }

        Format(version.Format);
        if (string.IsNullOrEmpty(version.ArtifactLocation))
        {
            throw CrucibleException.Invalid("A dataset version needs the artifact location of its file.");
        }

        if (version.RowCount < 0 || version.SizeBytes < 0)
        {
            throw CrucibleException.Invalid("Row count and size must not be negative.");
        }

        var p = version.Provenance ?? throw CrucibleException.Invalid("A dataset version needs provenance (possibly empty).");
        Text(version.SourceUri, "source");
        Text(p.Owner, "owner");
        Text(p.License, "license");
        Text(p.Description, "description");
        Text(p.Transform, "transform");
        if (p.Parents is { Count: > MaxParents })
        {
            throw CrucibleException.Invalid($"A dataset version may name at most {MaxParents} parents, got {p.Parents.Count}.");
        }

        foreach (var parent in p.Parents ?? [])
        {
            Name(parent?.Name);
            if (parent!.Version < 1)
            {
                throw CrucibleException.Invalid($"Invalid parent dataset '{parent}': versions are positive integers.");
            }
        }
    }

    private static void Text(string? value, string name)
    {
        if (value is { Length: > MaxTextLength })
        {
            throw CrucibleException.Invalid($"'{name}' exceeds the maximum length of {MaxTextLength} characters (got {value.Length}).");
        }
    }
}
