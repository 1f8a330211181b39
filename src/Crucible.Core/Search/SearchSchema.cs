namespace Crucible.Core.Search;

/// <summary>Which entities and attributes a particular search accepts (runs, experiments, registered models...).</summary>
public sealed class SearchSchema
{
    private readonly Dictionary<string, string> _attributes;
    private readonly HashSet<string> _numeric;

    public SearchSchema(IReadOnlySet<SearchEntity> entities, IReadOnlyDictionary<string, string> attributes, IEnumerable<string> numericAttributes)
    {
        Entities = entities;
        _attributes = new Dictionary<string, string>(attributes, StringComparer.OrdinalIgnoreCase);
        _numeric = new HashSet<string>(numericAttributes, StringComparer.Ordinal);
    }

    public IReadOnlySet<SearchEntity> Entities { get; }

    public IEnumerable<string> AttributeNames => _attributes.Keys.Order(StringComparer.Ordinal);

    /// <summary>The canonical name of an attribute or its alias, or null when there is none.</summary>
    public string? ResolveAttribute(string name) => _attributes.GetValueOrDefault(name);

    public bool IsNumericAttribute(string canonical) => _numeric.Contains(canonical);

    /// <summary>Runs: MLflow's run attributes; <c>created</c> is an alias of <c>start_time</c>.</summary>
    public static SearchSchema Runs { get; } = new(
        new HashSet<SearchEntity> { SearchEntity.Metric, SearchEntity.Param, SearchEntity.Tag, SearchEntity.Attribute, SearchEntity.Dataset },
        new Dictionary<string, string>
        {
            ["run_id"] = "run_id",
            ["run_name"] = "run_name",
            ["status"] = "status",
            ["user_id"] = "user_id",
            ["artifact_uri"] = "artifact_uri",
            ["lifecycle_stage"] = "lifecycle_stage",
            ["start_time"] = "start_time",
            ["created"] = "start_time",
            ["end_time"] = "end_time",
        },
        ["start_time", "end_time"]);

    /// <summary>Experiments: name, creation and update times, and tags.</summary>
    public static SearchSchema Experiments { get; } = new(
        new HashSet<SearchEntity> { SearchEntity.Tag, SearchEntity.Attribute },
        new Dictionary<string, string>
        {
            ["name"] = "name",
            ["experiment_id"] = "experiment_id",
            ["creation_time"] = "creation_time",
            ["last_update_time"] = "last_update_time",
        },
        ["creation_time", "last_update_time"]);
}
