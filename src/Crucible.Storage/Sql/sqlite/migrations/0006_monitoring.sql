-- Drift monitors and their alerts (SQLite). A monitor compares each window of a deployment's served traffic with a
-- fixed reference window of the same deployment. Alerts are unique per (monitor, window start): re-running a window
-- finds the alert instead of adding one. Deleting a monitor deletes its alerts in the same transaction.
CREATE TABLE monitors (
    monitor_id         TEXT    NOT NULL PRIMARY KEY,
    deployment         TEXT    NOT NULL,
    reference_start_ms INTEGER NOT NULL,
    reference_end_ms   INTEGER NOT NULL,
    window_ms          INTEGER NOT NULL,
    drift_share        REAL    NOT NULL,
    stattest           TEXT,
    threshold          REAL,
    webhook_url        TEXT,
    webhook_secret     TEXT,
    enabled            INTEGER NOT NULL,
    creation_time      INTEGER NOT NULL,
    last_window_end_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX monitors_by_deployment ON monitors (deployment, creation_time);

CREATE TABLE alerts (
    alert_id          TEXT    NOT NULL PRIMARY KEY,
    monitor_id        TEXT    NOT NULL,
    deployment        TEXT    NOT NULL,
    window_start_ms   INTEGER NOT NULL,
    window_end_ms     INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    evidence          TEXT    NOT NULL,
    creation_time     INTEGER NOT NULL,
    resolved_time     INTEGER,
    delivery_status   TEXT    NOT NULL,
    delivery_attempts INTEGER NOT NULL,
    delivery_error    TEXT,
    UNIQUE (monitor_id, window_start_ms)
) WITHOUT ROWID;
CREATE INDEX alerts_by_deployment ON alerts (deployment, window_start_ms);
CREATE INDEX alerts_by_status ON alerts (status, window_start_ms);
