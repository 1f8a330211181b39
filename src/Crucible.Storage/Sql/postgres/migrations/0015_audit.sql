-- The audit trail (PostgreSQL): one row per mutation, hash-chained (see Crucible.Core.Audit.AuditChain for the encoding).
-- audit_head holds the last sequence and hash: appends lock it (SELECT ... FOR UPDATE), so replicas sharing the
-- database append one after the other, and verify compares it with the chain's end.
CREATE TABLE audit_log (
    sequence       BIGINT  NOT NULL PRIMARY KEY,
    time_ms        BIGINT  NOT NULL,
    actor          TEXT    NOT NULL,
    actor_kind     TEXT    NOT NULL,
    token_id       TEXT,
    workspace      TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    target         TEXT    NOT NULL,
    outcome        INTEGER NOT NULL,
    remote_address TEXT,
    request_id     TEXT,
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (time_ms);
CREATE INDEX audit_log_by_actor ON audit_log (actor, sequence);
CREATE TABLE audit_head (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    sequence BIGINT  NOT NULL,
    hash     TEXT    NOT NULL
);
INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
-- Defence in depth: the application never updates, deletes or truncates audit rows, and these refuse it to anyone
-- else using the database through SQL. An owner or superuser can still drop or disable the triggers and edit rows;
-- `crucible audit verify` detects it.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % refused: the audit trail is append-only', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
