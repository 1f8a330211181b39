using Crucible.Core.Errors;
using Crucible.Core.Search;

namespace Crucible.Core.LoggedModels;

/// <summary>MLflow's wire names for logged-model statuses, the search schema and the search page limits.</summary>
public static class LoggedModelRules
{
    /// <summary><c>SearchLoggedModels.max_results</c>: default 50, "Max threshold is 50" (service.proto).</summary>
    public const int DefaultSearchResults = 50;

    public const int MaxSearchResults = 50;

    /// <summary>Attributes of a logged-model search; unprefixed names are attributes.</summary>
    public static SearchSchema SearchSchema { get; } = new(
        new HashSet<SearchEntity> { SearchEntity.Metric, SearchEntity.Param, SearchEntity.Tag, SearchEntity.Attribute },
        new Dictionary<string, string>
        {
            ["model_id"] = "model_id",
            ["name"] = "name",
            ["status"] = "status",
            ["model_type"] = "model_type",
            ["source_run_id"] = "source_run_id",
            ["creation_time"] = "creation_time",
            ["creation_timestamp"] = "creation_time",
            ["creation_timestamp_ms"] = "creation_time",
            ["last_updated_timestamp"] = "last_updated_time",
            ["last_updated_timestamp_ms"] = "last_updated_time",
        },
        ["creation_time", "last_updated_time"]);

    public static string ToWire(LoggedModelStatus status) => status switch
    {
        LoggedModelStatus.Pending => "LOGGED_MODEL_PENDING",
        LoggedModelStatus.Ready => "LOGGED_MODEL_READY",
        _ => "LOGGED_MODEL_UPLOAD_FAILED",
    };

    /// <summary>
    /// Reads a status as the proto enum name (<c>LOGGED_MODEL_READY</c>), its number (2), or the Python entity's
    /// short name (<c>READY</c>); anything else, and UNSPECIFIED, is <c>InvalidParameterValue</c>.
    /// </summary>
    public static LoggedModelStatus ParseStatus(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "LOGGED_MODEL_PENDING" or "PENDING" or "1" => LoggedModelStatus.Pending,
        "LOGGED_MODEL_READY" or "READY" or "2" => LoggedModelStatus.Ready,
        "LOGGED_MODEL_UPLOAD_FAILED" or "UPLOAD_FAILED" or "FAILED" or "3" => LoggedModelStatus.Failed,
        null or "" => throw CrucibleException.Invalid("Missing value for required parameter 'status'."),
        _ => throw CrucibleException.Invalid(
            $"Invalid value '{text}' for parameter 'status': expected LOGGED_MODEL_PENDING, LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED."),
    };
}
