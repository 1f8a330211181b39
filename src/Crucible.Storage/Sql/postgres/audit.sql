-- Audit trail statements that differ on PostgreSQL.

-- name: AuditHeadForAppend
-- The row lock makes concurrent appends (threads, processes, replicas) wait for each other: each sees the head the
-- previous one committed (READ COMMITTED re-reads a locked row after the lock holder commits), so the chain is linear.
SELECT sequence, hash FROM audit_head WHERE id = 1 FOR UPDATE;
