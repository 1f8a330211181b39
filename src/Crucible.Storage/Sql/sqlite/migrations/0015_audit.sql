-- The audit trail (SQLite): one row per mutation, hash-chained (see Crucible.Core.Audit.AuditChain for the encoding).
-- audit_head holds the last sequence and hash: appends read and move it in their transaction, and verify compares
-- it with the chain's end, so removing rows from the end is detected too.
CREATE TABLE audit_log (
    sequence       INTEGER NOT NULL PRIMARY KEY,
    time_ms        INTEGER NOT NULL,
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
    sequence INTEGER NOT NULL,
    hash     TEXT    NOT NULL
);
INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
-- Defence in depth: the application never updates or deletes audit rows, and these refuse it to anyone else using
-- the database through SQL. Someone who can drop triggers can still edit rows; `crucible audit verify` detects it.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;
