namespace Crucible.Client;

/// <summary>Which lifecycle stages a search returns (MLflow's <c>ViewType</c>).</summary>
public enum ViewType
{
    /// <summary>Only active entities (the server's default).</summary>
    ActiveOnly,

    /// <summary>Only soft-deleted entities.</summary>
    DeletedOnly,

    /// <summary>Active and deleted entities.</summary>
    All,
}
