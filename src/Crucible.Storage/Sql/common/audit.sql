-- Audit trail statements shared by SQLite and PostgreSQL (tables audit_log and audit_head, migration 0015).

-- name: AuditHead
SELECT sequence, hash FROM audit_head WHERE id = 1;

-- name: AuditHeadForAppend
-- SQLite has one writer (BEGIN IMMEDIATE), so reading the head inside the write transaction already serializes appends.
SELECT sequence, hash FROM audit_head WHERE id = 1;

-- name: AuditMoveHead
UPDATE audit_head SET sequence = @sequence, hash = @hash WHERE id = 1;

-- name: AuditInsert
INSERT INTO audit_log (sequence, time_ms, actor, actor_kind, token_id, workspace, action, target, outcome, remote_address, request_id, prev_hash, hash)
VALUES (@sequence, @time_ms, @actor, @actor_kind, @token_id, @workspace, @action, @target, @outcome, @remote_address, @request_id, @prev_hash, @hash);

-- name: AuditSelect
-- The listing's columns; AuditList appends its WHERE clauses, ORDER BY sequence and LIMIT.
SELECT sequence, time_ms, actor, actor_kind, token_id, workspace, action, target, outcome, remote_address, request_id, prev_hash, hash
FROM audit_log
WHERE sequence > @after
