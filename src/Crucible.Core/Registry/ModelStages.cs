using Crucible.Core.Errors;

namespace Crucible.Core.Registry;

/// <summary>MLflow's legacy model-version stages and version statuses.</summary>
public static class ModelStages
{
    public const string None = "None";
    public const string Staging = "Staging";
    public const string Production = "Production";
    public const string Archived = "Archived";

    public const string StatusReady = "READY";

    public static IReadOnlyList<string> All { get; } = [None, Staging, Production, Archived];

    /// <summary>The canonical spelling of a stage (MLflow matches case-insensitively), or InvalidParameterValue.</summary>
    public static string Canonical(string? stage)
    {
        Guard.Required(stage, "stage");
        return All.FirstOrDefault(s => s.Equals(stage, StringComparison.OrdinalIgnoreCase))
            ?? throw CrucibleException.Invalid($"Invalid Model Version stage: {stage}. Value must be one of {string.Join(", ", All)}.");
    }
}
