-- Serving schema (SQLite): deployments and the prediction log.
-- Model references are JSON ({"model", "version" | "alias"}) so an alias stays an alias; routes keep their order.
CREATE TABLE deployments (
    name              TEXT    NOT NULL PRIMARY KEY,
    routes            TEXT    NOT NULL,
    shadow            TEXT,
    max_batch_size    INTEGER NOT NULL,
    max_delay_ms      REAL    NOT NULL,
    description       TEXT,
    capture           INTEGER NOT NULL,
    revision          INTEGER NOT NULL,
    creation_time     INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL
) WITHOUT ROWID;

-- Append-only. seq (the rowid) is the insertion order that breaks timestamp ties. No foreign key to
-- deployments: the log outlives a deleted deployment, and a capture flush never fails because of one.
-- request_id is not unique: clients may reuse ids, and a shadow prediction shares its request's id.
CREATE TABLE predictions (
    seq          INTEGER PRIMARY KEY,
    deployment   TEXT    NOT NULL,
    request_id   TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    inputs       TEXT    NOT NULL,
    outputs      TEXT,
    latency_ms   REAL    NOT NULL,
    shadow       INTEGER NOT NULL,
    error        TEXT
);
CREATE INDEX predictions_by_time ON predictions (deployment, timestamp_ms, seq);
CREATE INDEX predictions_by_request ON predictions (deployment, request_id, timestamp_ms, seq);
