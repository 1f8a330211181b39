-- Drift monitors and their alerts (PostgreSQL). A monitor compares each window of a deployment's served traffic with a
-- fixed reference window of the same deployment. Alerts are unique per (monitor, window start): re-running a window
-- finds the alert instead of adding one. Deleting a monitor deletes its alerts in the same transaction.
CREATE TABLE monitors (
    monitor_id         TEXT    NOT NULL PRIMARY KEY,
    deployment         TEXT    NOT NULL,
    reference_start_ms BIGINT  NOT NULL,
    reference_end_ms   BIGINT  NOT NULL,
    window_ms          BIGINT  NOT NULL,
    drift_share        DOUBLE PRECISION NOT NULL,
    stattest           TEXT,
    threshold          DOUBLE PRECISION,
    webhook_url        TEXT,
    webhook_secret     TEXT,
    enabled            SMALLINT NOT NULL,
    creation_time      BIGINT  NOT NULL,
    last_window_end_ms BIGINT
);
CREATE INDEX monitors_by_deployment ON monitors (deployment, creation_time);

CREATE TABLE alerts (
    alert_id          TEXT    NOT NULL PRIMARY KEY,
    monitor_id        TEXT    NOT NULL,
    deployment        TEXT    NOT NULL,
    window_start_ms   BIGINT  NOT NULL,
    window_end_ms     BIGINT  NOT NULL,
    status            TEXT    NOT NULL,
    evidence          TEXT    NOT NULL,
    creation_time     BIGINT  NOT NULL,
    resolved_time     BIGINT,
    delivery_status   TEXT    NOT NULL,
    delivery_attempts BIGINT  NOT NULL,
    delivery_error    TEXT,
    UNIQUE (monitor_id, window_start_ms)
);
CREATE INDEX alerts_by_deployment ON alerts (deployment, window_start_ms);
CREATE INDEX alerts_by_status ON alerts (status, window_start_ms);
