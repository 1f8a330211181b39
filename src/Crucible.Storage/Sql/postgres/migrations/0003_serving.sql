-- Serving schema (PostgreSQL): deployments and the prediction log.
-- Model references are JSON ({"model", "version" | "alias"}) so an alias stays an alias; routes keep their order.
CREATE TABLE deployments (
    name              TEXT     NOT NULL PRIMARY KEY,
    routes            TEXT     NOT NULL,
    shadow            TEXT,
    max_batch_size    INTEGER  NOT NULL,
    max_delay_ms      DOUBLE PRECISION NOT NULL,
    description       TEXT,
    capture           SMALLINT NOT NULL,
    revision          BIGINT   NOT NULL,
    creation_time     BIGINT   NOT NULL,
    last_updated_time BIGINT   NOT NULL
);

-- Append-only. seq is the insertion order that breaks timestamp ties. No foreign key to deployments: the
-- log outlives a deleted deployment, and a capture flush never fails because of one. request_id is not
-- unique: clients may reuse ids, and a shadow prediction shares its request's id.
CREATE TABLE predictions (
    seq          BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deployment   TEXT     NOT NULL,
    request_id   TEXT     NOT NULL,
    model        TEXT     NOT NULL,
    version      TEXT     NOT NULL,
    timestamp_ms BIGINT   NOT NULL,
    inputs       TEXT     NOT NULL,
    outputs      TEXT,
    latency_ms   DOUBLE PRECISION NOT NULL,
    shadow       SMALLINT NOT NULL,
    error        TEXT
);
CREATE INDEX predictions_by_time ON predictions (deployment, timestamp_ms, seq);
CREATE INDEX predictions_by_request ON predictions (deployment, request_id, timestamp_ms, seq);
