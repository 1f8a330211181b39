using Crucible.Contracts.Governance;
using Crucible.Core.Governance;
using Crucible.Core.Registry;
using Crucible.Governance.Approvals;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Governance;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Endpoints.Governance;

/// <summary>Approvals of protected promotions of a model: list, get, approve (the move then happens) and reject.</summary>
internal static class ApprovalsEndpoints
{
    private static ApprovalsJsonContext Json => ApprovalsJsonContext.Default;

    public static void MapApprovals(this IEndpointRouteBuilder api)
    {
        api.MapGet("models/{name}/approvals", ListAsync).Native("ListApprovals", "List a model's approval requests, newest first");
        api.MapGet("models/{name}/approvals/{id}", GetAsync).Native("GetApproval", "Get an approval request");
        api.MapPost("models/{name}/approvals/{id}/approve", ApproveAsync).Native("ApproveApproval", "Approve a pending promotion (not by its requester); the alias or stage moves").Body<ApprovalDecisionRequest>();
        api.MapPost("models/{name}/approvals/{id}/reject", RejectAsync).Native("RejectApproval", "Reject a pending promotion (not by its requester)").Body<ApprovalDecisionRequest>();
    }

    private static async Task<JsonOk<ApprovalsResponse>> ListAsync(HttpContext http, PromotionApprovals approvals, IModelRegistryStore registry, string name)
    {
        await registry.GetRegisteredModelAsync(name, http.RequestAborted);
        var list = await approvals.ListAsync(name, IApprovalStore.MaxList, http.RequestAborted);
        return JsonOk.Of(new ApprovalsResponse([.. list.Select(ToDto)]), Json.ApprovalsResponse);
    }

    private static async Task<JsonOk<ApprovalResponse>> GetAsync(HttpContext http, PromotionApprovals approvals, string name, string id)
    {
        var request = await approvals.GetAsync(id, http.RequestAborted);
        return request.Model == name
            ? JsonOk.Of(new ApprovalResponse(ToDto(request)), Json.ApprovalResponse)
            : throw Core.Errors.CrucibleException.NotFound($"Model '{name}' has no approval request '{id}'.");
    }

    private static async Task<JsonOk<ApprovalResponse>> ApproveAsync(HttpContext http, PromotionApprovals approvals, DeploymentTable deployments, string name, string id)
    {
        var body = await MlflowRequest.ReadAsync(http, Json.ApprovalDecisionRequest);
        var decided = await approvals.ApproveAsync(name, id, http.Approver(), body.CardDigest, body.Reason, http.RequestAborted);
        await deployments.AliasesChangedAsync(http.RequestAborted);
        return JsonOk.Of(new ApprovalResponse(ToDto(decided)), Json.ApprovalResponse);
    }

    private static async Task<JsonOk<ApprovalResponse>> RejectAsync(HttpContext http, PromotionApprovals approvals, string name, string id)
    {
        var body = await MlflowRequest.ReadAsync(http, Json.ApprovalDecisionRequest);
        var decided = await approvals.RejectAsync(name, id, http.Approver(), body.Reason, http.RequestAborted);
        return JsonOk.Of(new ApprovalResponse(ToDto(decided)), Json.ApprovalResponse);
    }

    private static ApprovalRequestDto ToDto(ApprovalRequest r) =>
        new(r.Id, r.Model, r.Version, r.TargetKind, r.TargetName, r.Requester, r.CardDigest, r.Status, r.Decider, r.Reason, r.CreationTimeMs, r.DecisionTimeMs);
}
