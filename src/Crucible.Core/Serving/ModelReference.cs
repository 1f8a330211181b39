using System.Globalization;
using Crucible.Core.Errors;

namespace Crucible.Core.Serving;

/// <summary>
/// A registered model version named directly (<c>MODEL/VERSION</c>) or through an alias (<c>MODEL@ALIAS</c>).
/// Exactly one of <see cref="Version"/> and <see cref="Alias"/> is set.
/// </summary>
public sealed record ModelReference
{
    public ModelReference(string model, string? version, string? alias)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw CrucibleException.Invalid("A model reference needs a model name.");
        }

        if ((version is null) == (alias is null))
        {
            throw CrucibleException.Invalid($"Model reference to '{model}' needs exactly one of a version and an alias.");
        }

        if (version is not null && (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1))
        {
            throw CrucibleException.Invalid($"Model reference '{model}/{version}': a version is a positive integer.");
        }

        if (alias is not null && alias.Length == 0)
        {
            throw CrucibleException.Invalid($"Model reference '{model}@': the alias is empty.");
        }

        Model = model;
        Version = version;
        Alias = alias;
    }

    public string Model { get; }

    /// <summary>The version number as text (MLflow's representation), or null when the reference is an alias.</summary>
    public string? Version { get; }

    public string? Alias { get; }

    public bool IsAlias => Alias is not null;

    public static ModelReference ToVersion(string model, string version) => new(model, version, null);

    public static ModelReference ToAlias(string model, string alias) => new(model, null, alias);

    /// <summary>
    /// Parses <c>MODEL@ALIAS</c> or <c>MODEL/VERSION</c>. The last <c>@</c> or <c>/</c> splits, so model names may
    /// contain either (MLflow allows <c>/</c> in names); the part after a slash must be a number.
    /// </summary>
    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        var slash = text.LastIndexOf('/');
        if (at > 0 && at > slash)
        {
            return ToAlias(text[..at], text[(at + 1)..]);
        }

        if (slash > 0)
        {
            return ToVersion(text[..slash], text[(slash + 1)..]);
        }

        throw CrucibleException.Invalid($"Invalid model reference '{text}': expected MODEL@ALIAS or MODEL/VERSION.");
    }

    public override string ToString() => IsAlias ? $"{Model}@{Alias}" : $"{Model}/{Version}";
}
