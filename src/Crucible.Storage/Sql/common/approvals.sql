-- name: InsertApprovalRequest
INSERT INTO approval_requests (id, model, version, target_kind, target_name, requester, card_digest, status, decider, reason, creation_time, decision_time)
VALUES (@id, @model, @version, @target_kind, @target_name, @requester, @card_digest, 'pending', NULL, NULL, @now, NULL);

-- name: GetApprovalRequest
SELECT id, model, version, target_kind, target_name, requester, card_digest, status, decider, reason, creation_time, decision_time
FROM approval_requests WHERE id = @id;

-- name: ListApprovalRequests
SELECT id, model, version, target_kind, target_name, requester, card_digest, status, decider, reason, creation_time, decision_time
FROM approval_requests WHERE model = @model ORDER BY creation_time DESC, id DESC LIMIT @limit;

-- name: FindApprovalRequest
SELECT id, model, version, target_kind, target_name, requester, card_digest, status, decider, reason, creation_time, decision_time
FROM approval_requests
WHERE model = @model AND version = @version AND target_kind = @target_kind AND target_name = @target_name AND status = @status
ORDER BY creation_time DESC, id DESC LIMIT 1;

-- name: DecideApprovalRequest
UPDATE approval_requests SET status = @status, decider = @decider, reason = @reason, decision_time = @now
WHERE id = @id AND status = 'pending';
