namespace Crucible.Core.Governance;

/// <summary>
/// Decides whether a promotion (an alias or stage move) may happen now. Implemented by governance's approvals; the
/// pipeline's promote step and the registry endpoints ask it before moving a protected alias or stage.
/// </summary>
public interface IPromotionGate
{
    /// <summary>
    /// Null when the move may go ahead (the target is not protected, or another principal approved exactly this move);
    /// otherwise the pending request for it, created (with the version's model card digest) if there was none.
    /// </summary>
    Task<ApprovalRequest?> RequireAsync(PromotionMove move, string requester, CancellationToken cancellationToken);

    /// <summary>The request as it stands now (to wait for a decision).</summary>
    Task<ApprovalRequest> GetAsync(string id, CancellationToken cancellationToken);
}

/// <summary>A move of <see cref="Kind"/> (<see cref="PromotionKinds"/>) <see cref="Name"/> of <see cref="Model"/> to <see cref="Version"/>.</summary>
public sealed record PromotionMove(string Model, string Version, string Kind, string Name)
{
    public override string ToString() => $"{Kind} '{Name}' of '{Model}' to version {Version}";
}
