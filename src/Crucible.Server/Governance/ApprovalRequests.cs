using Crucible.Core.Governance;
using Crucible.Governance.Approvals;
using Crucible.Server.Security;

namespace Crucible.Server.Governance;

/// <summary>The request path's side of approvals: the caller as approver, and the refusal of a move still waiting for one.</summary>
internal static class ApprovalRequests
{
    public static Approver Approver(this HttpContext http)
    {
        var caller = http.GetCaller();
        return new Approver(caller.Name, caller.Kind.ToString(), caller.Workspace);
    }

    /// <summary>Returns when the move may happen; otherwise records (or finds) its pending request and refuses with it (403 PERMISSION_DENIED).</summary>
    public static async Task EnsureApprovedAsync(this PromotionApprovals approvals, HttpContext http, PromotionMove move)
    {
        if (await approvals.RequireAsync(move, http.Approver(), http.RequestAborted) is { } pending)
        {
            throw PromotionApprovals.NeedsApproval(pending);
        }
    }
}
