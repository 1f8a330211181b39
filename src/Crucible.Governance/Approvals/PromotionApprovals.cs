using System.Buffers;
using System.Text;
using System.Text.Json;
using Crucible.Core.Audit;
using Crucible.Core.Errors;
using Crucible.Core.Governance;
using Crucible.Core.Registry;
using Crucible.Governance.Cards;

namespace Crucible.Governance.Approvals;

/// <summary>Who acts on an approval: the caller's name, kind and workspace, as the audit trail records them.</summary>
public sealed record Approver(string Name, string Kind, string Workspace);

/// <summary>
/// Approvals of protected promotions. A move to a protected alias or stage creates a pending request that records the
/// version's model card digest; another principal approves it (the move then happens) or rejects it. Every request and
/// decision is appended to the audit trail with the request id and the card digest.
/// </summary>
public sealed class PromotionApprovals(ApprovalPolicy policy, IApprovalStore store, ModelCards cards, IModelRegistryStore registry, IAuditStore audit) : IPromotionGate
{
    public const string RequestedAction = "approval.requested";
    public const string ApprovedAction = "approval.approved";
    public const string RejectedAction = "approval.rejected";

    public ApprovalPolicy Policy => policy;

    public Task<ApprovalRequest?> RequireAsync(PromotionMove move, string requester, CancellationToken cancellationToken) =>
        RequireAsync(move, new Approver(requester, "System", Core.Security.Caller.DefaultWorkspace), cancellationToken);

    /// <summary>Null when the move may go ahead; else the pending request (made now if there was none).</summary>
    public async Task<ApprovalRequest?> RequireAsync(PromotionMove move, Approver requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        ArgumentNullException.ThrowIfNull(requester);
        if (!policy.Protects(move))
        {
            return null;
        }

        var kind = move.Kind;
        var name = Canonical(move);
        if (await store.FindAsync(move.Model, move.Version, kind, name, ApprovalStatuses.Approved, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        if (await store.FindAsync(move.Model, move.Version, kind, name, ApprovalStatuses.Pending, cancellationToken).ConfigureAwait(false) is { } pending)
        {
            return pending;
        }

        var card = await cards.AssembleAsync(move.Model, move.Version, cancellationToken).ConfigureAwait(false);
        var request = await store.CreateAsync(move.Model, move.Version, kind, name, requester.Name, card.Digest, cancellationToken).ConfigureAwait(false);
        await RecordAsync(RequestedAction, request, requester, cancellationToken).ConfigureAwait(false);
        return request;
    }

    /// <summary>The error a registry endpoint answers for a move waiting for approval (MLflow's PERMISSION_DENIED, 403).</summary>
    public static CrucibleException NeedsApproval(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CrucibleException(
            ErrorCode.PermissionDenied,
            $"Moving {request.Target} of '{request.Model}' to version {request.Version} needs an approval: request '{request.Id}' (card digest {request.CardDigest}) "
            + $"is {request.Status}; another maintainer approves it with POST /api/crucible/v1/models/{request.Model}/approvals/{request.Id}/approve.");
    }

    public Task<ApprovalRequest> GetAsync(string id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<ApprovalRequest>> ListAsync(string model, int maxResults, CancellationToken cancellationToken) => store.ListAsync(model, maxResults, cancellationToken);

    /// <summary>
    /// Approves a pending request and makes the move. The requester cannot approve its own request; when
    /// <paramref name="cardDigest"/> is given it must be the digest the request recorded (the evidence the approver read).
    /// </summary>
    public async Task<ApprovalRequest> ApproveAsync(string model, string id, Approver approver, string? cardDigest, string? reason, CancellationToken cancellationToken)
    {
        var request = await DecidableAsync(model, id, approver, cancellationToken).ConfigureAwait(false);
        if (cardDigest is not null && !string.Equals(cardDigest, request.CardDigest, StringComparison.Ordinal))
        {
            throw new CrucibleException(
                ErrorCode.ResourceConflict,
                $"Approval request '{id}' was made on card digest {request.CardDigest}, not {cardDigest}: read the card the request names before approving.");
        }

        var decided = await store.DecideAsync(id, ApprovalStatuses.Approved, approver.Name, reason, cancellationToken).ConfigureAwait(false);
        if (decided.TargetKind == PromotionKinds.Alias)
        {
            await registry.SetAliasAsync(decided.Model, decided.TargetName, decided.Version, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await registry.TransitionStageAsync(decided.Model, decided.Version, decided.TargetName, archiveExisting: false, cancellationToken).ConfigureAwait(false);
        }

        await RecordAsync(ApprovedAction, decided, approver, cancellationToken).ConfigureAwait(false);
        return decided;
    }

    public async Task<ApprovalRequest> RejectAsync(string model, string id, Approver approver, string? reason, CancellationToken cancellationToken)
    {
        await DecidableAsync(model, id, approver, cancellationToken).ConfigureAwait(false);
        var decided = await store.DecideAsync(id, ApprovalStatuses.Rejected, approver.Name, reason, cancellationToken).ConfigureAwait(false);
        await RecordAsync(RejectedAction, decided, approver, cancellationToken).ConfigureAwait(false);
        return decided;
    }

    private async Task<ApprovalRequest> DecidableAsync(string model, string id, Approver approver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approver);
        var request = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (request.Model != model)
        {
            throw CrucibleException.NotFound($"Model '{model}' has no approval request '{id}'.");
        }

        if (string.Equals(request.Requester, approver.Name, StringComparison.Ordinal))
        {
            throw new CrucibleException(ErrorCode.PermissionDenied, $"'{approver.Name}' requested approval '{id}' and cannot decide it: another principal must.");
        }

        return request;
    }

    private static string Canonical(PromotionMove move) =>
        move.Kind == PromotionKinds.Stage ? ModelStages.Canonical(move.Name) : move.Name;

    private async Task RecordAsync(string action, ApprovalRequest request, Approver actor, CancellationToken cancellationToken)
    {
        var target = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(target))
        {
            writer.WriteStartObject();
            writer.WriteString("name", request.Model);
            writer.WriteString("version", request.Version);
            writer.WriteString(request.TargetKind, request.TargetName);
            writer.WriteString("approval_id", request.Id);
            writer.WriteString("card_digest", request.CardDigest);
            writer.WriteString("requester", request.Requester);
            writer.WriteEndObject();
        }

        await audit.AppendAsync([new AuditEvent(actor.Name, actor.Kind, null, actor.Workspace, action, Encoding.UTF8.GetString(target.WrittenSpan), 200, null, null)], cancellationToken).ConfigureAwait(false);
    }
}
