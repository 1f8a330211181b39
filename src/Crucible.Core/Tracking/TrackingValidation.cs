using Crucible.Core.Errors;

namespace Crucible.Core.Tracking;

/// <summary>Validates names and values the way MLflow does, with MLflow's messages.</summary>
public static class TrackingValidation
{
    /// <summary>Metric, param and tag keys: letters, digits, <c>_ - . space / :</c>; not a path that escapes (<c>..</c>, leading <c>/</c>).</summary>
    public static string Key(string? key, string kind)
    {
        Guard.Required(key, "key");
        if (key.Length > TrackingLimits.MaxEntityKeyLength)
        {
            throw CrucibleException.Invalid($"{kind} name '{key[..50]}...' had length {key.Length}, which exceeded length limit of {TrackingLimits.MaxEntityKeyLength}.");
        }

        foreach (var c in key)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or '/' or ':'))
            {
                throw CrucibleException.Invalid(
                    $"Invalid {kind.ToLowerInvariant()} name: '{key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).");
            }
        }

        // As MLflow's posixpath.normpath check: a key must be its own normal form (no empty, '.' or '..' segment).
        if (key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw CrucibleException.Invalid($"Invalid {kind.ToLowerInvariant()} name: '{key}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such.");
        }

        return key;
    }

    public static string Value(string? value, int maxLength, string kind, string key)
    {
        value ??= string.Empty;
        if (value.Length > maxLength)
        {
            throw CrucibleException.Invalid($"{kind} value '{value[..Math.Min(50, value.Length)]}...' for key '{key}' had length {value.Length}, which exceeded length limit of {maxLength}.");
        }

        return value;
    }

    /// <summary>
    /// A run param or tag value cut to its limit, as MLflow's server stores it by default
    /// (<c>MLFLOW_TRUNCATE_LONG_VALUES</c>): an over-long value is not an error, <c>mlflow.log_param</c> must not raise.
    /// </summary>
    public static string Truncate(string? value, int maxLength)
    {
        value ??= string.Empty;
        return value.Length <= maxLength ? value : value[..maxLength];
    }

    /// <summary>The batch with its param values cut to 6,000 characters and its tag values to 8,000 (see <see cref="Truncate"/>).</summary>
    public static LogBatch TruncateLongValues(LogBatch batch) => batch with
    {
        Params = [.. batch.Params.Select(p => p with { Value = Truncate(p.Value, TrackingLimits.MaxParamValueLength) })],
        Tags = [.. batch.Tags.Select(t => t with { Value = Truncate(t.Value, TrackingLimits.MaxTagValueLength) })],
    };

    public static void Batch(LogBatch batch)
    {
        if (batch.Metrics.Count > TrackingLimits.MaxMetricsPerBatch)
        {
            throw CrucibleException.Invalid($"A batch logging request can contain at most {TrackingLimits.MaxMetricsPerBatch} metrics. Got {batch.Metrics.Count} metrics.");
        }

        if (batch.Params.Count > TrackingLimits.MaxParamsTagsPerBatch)
        {
            throw CrucibleException.Invalid($"A batch logging request can contain at most {TrackingLimits.MaxParamsTagsPerBatch} params. Got {batch.Params.Count} params.");
        }

        if (batch.Tags.Count > TrackingLimits.MaxParamsTagsPerBatch)
        {
            throw CrucibleException.Invalid($"A batch logging request can contain at most {TrackingLimits.MaxParamsTagsPerBatch} tags. Got {batch.Tags.Count} tags.");
        }

        if (batch.Count > TrackingLimits.MaxEntitiesPerBatch)
        {
            throw CrucibleException.Invalid($"A batch logging request can contain at most {TrackingLimits.MaxEntitiesPerBatch} total entities. Got {batch.Count}.");
        }

        foreach (var m in batch.Metrics)
        {
            Key(m.Key, "Metric");
        }

        foreach (var p in batch.Params)
        {
            Key(p.Key, "Param");
            Value(p.Value, TrackingLimits.MaxParamValueLength, "Param", p.Key);
        }

        foreach (var t in batch.Tags)
        {
            Key(t.Key, "Tag");
            Value(t.Value, TrackingLimits.MaxTagValueLength, "Tag", t.Key);
        }
    }

    public static string ExperimentName(string? name)
    {
        Guard.Required(name, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw CrucibleException.Invalid("Invalid experiment name: it must not be blank.");
        }

        return Guard.MaxLength(name, TrackingLimits.MaxExperimentNameLength, "name");
    }

    public static ViewType ViewType(string? text) => text?.ToUpperInvariant() switch
    {
        null or "" or "ACTIVE_ONLY" => Tracking.ViewType.ActiveOnly,
        "DELETED_ONLY" => Tracking.ViewType.DeletedOnly,
        "ALL" => Tracking.ViewType.All,
        _ => throw CrucibleException.Invalid($"Invalid view type '{text}': expected ACTIVE_ONLY, DELETED_ONLY or ALL."),
    };

    public static RunStatus RunStatus(string text) => Enum.TryParse<RunStatus>(text, ignoreCase: true, out var status) && !int.TryParse(text, out _)
        ? status
        : throw CrucibleException.Invalid($"Invalid run status '{text}': expected RUNNING, SCHEDULED, FINISHED, FAILED or KILLED.");
}
