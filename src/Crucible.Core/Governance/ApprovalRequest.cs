namespace Crucible.Core.Governance;

/// <summary>What a promotion moves: an alias (<c>champion</c>) or a stage (<c>Production</c>) of a model.</summary>
public static class PromotionKinds
{
    public const string Alias = "alias";
    public const string Stage = "stage";
}

/// <summary>Where an approval request stands.</summary>
public static class ApprovalStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>
/// A request to move a protected alias or stage of <see cref="Model"/> to <see cref="Version"/>, made by
/// <see cref="Requester"/> on the evidence whose model card digest is <see cref="CardDigest"/>; decided by another principal.
/// </summary>
public sealed record ApprovalRequest(
    string Id,
    string Model,
    string Version,
    string TargetKind,
    string TargetName,
    string Requester,
    string CardDigest,
    string Status,
    string? Decider,
    string? Reason,
    long CreationTimeMs,
    long? DecisionTimeMs)
{
    public string Target => $"{TargetKind} '{TargetName}'";
}

/// <summary>Approval requests of protected promotions (migration 0023).</summary>
public interface IApprovalStore
{
    /// <summary>The most requests one list returns.</summary>
    public const int MaxList = 200;

    Task<ApprovalRequest> CreateAsync(string model, string version, string targetKind, string targetName, string requester, string cardDigest, CancellationToken cancellationToken);

    Task<ApprovalRequest> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApprovalRequest>> ListAsync(string model, int maxResults, CancellationToken cancellationToken);

    /// <summary>The newest request for exactly this move in <paramref name="status"/>, or null.</summary>
    Task<ApprovalRequest?> FindAsync(string model, string version, string targetKind, string targetName, string status, CancellationToken cancellationToken);

    /// <summary>Approves or rejects a pending request; a request already decided is <c>ResourceConflict</c>.</summary>
    Task<ApprovalRequest> DecideAsync(string id, string status, string decider, string? reason, CancellationToken cancellationToken);
}
