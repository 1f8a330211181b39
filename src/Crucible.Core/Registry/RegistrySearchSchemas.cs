using Crucible.Core.Search;

namespace Crucible.Core.Registry;

/// <summary>What registry searches accept, as MLflow's <c>SearchModelUtils</c> and <c>SearchModelVersionUtils</c>.</summary>
public static class RegistrySearchSchemas
{
    /// <summary>Registered models: <c>name</c> and <c>tags.*</c>; ordered by name or timestamps.</summary>
    public static SearchSchema RegisteredModels { get; } = new(
        new HashSet<SearchEntity> { SearchEntity.Tag, SearchEntity.Attribute },
        new Dictionary<string, string>
        {
            ["name"] = "name",
            ["creation_timestamp"] = "creation_timestamp",
            ["last_updated_timestamp"] = "last_updated_timestamp",
            ["timestamp"] = "last_updated_timestamp",
        },
        ["creation_timestamp", "last_updated_timestamp"]);

    /// <summary>Model versions: <c>name</c>, <c>version_number</c>, <c>run_id</c>, <c>source_path</c> and <c>tags.*</c>.</summary>
    public static SearchSchema ModelVersions { get; } = new(
        new HashSet<SearchEntity> { SearchEntity.Tag, SearchEntity.Attribute },
        new Dictionary<string, string>
        {
            ["name"] = "name",
            ["version_number"] = "version_number",
            ["run_id"] = "run_id",
            ["source_path"] = "source_path",
            ["creation_timestamp"] = "creation_timestamp",
            ["last_updated_timestamp"] = "last_updated_timestamp",
            ["timestamp"] = "last_updated_timestamp",
        },
        ["version_number", "creation_timestamp", "last_updated_timestamp"]);
}
