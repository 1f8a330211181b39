using Crucible.Core.Governance;

namespace Crucible.Governance.Approvals;

/// <summary>Which aliases and stages are protected: moving one to a version needs another principal's approval.</summary>
public sealed record ApprovalPolicy(IReadOnlyList<string> ProtectedAliases, IReadOnlyList<string> ProtectedStages)
{
    public static ApprovalPolicy None { get; } = new([], []);

    public bool Protects(PromotionMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        return move.Kind == PromotionKinds.Alias
            ? ProtectedAliases.Contains(move.Name, StringComparer.Ordinal)
            : ProtectedStages.Contains(move.Name, StringComparer.OrdinalIgnoreCase);
    }
}
