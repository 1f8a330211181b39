-- Monitor rules and retraining signals (PostgreSQL). Existing monitors keep the drift-share rule through the defaults.
-- A retraining signal is unique per alert: raising it again for the same alert finds the stored one. The latest
-- evaluation of each (monitor, window) keeps its evidence, whether the rule fired or not.
ALTER TABLE monitors ADD COLUMN rule TEXT NOT NULL DEFAULT 'drift_share';
ALTER TABLE monitors ADD COLUMN column_name TEXT;
ALTER TABLE monitors ADD COLUMN metric TEXT;
ALTER TABLE monitors ADD COLUMN min_value DOUBLE PRECISION;
ALTER TABLE monitors ADD COLUMN retrain SMALLINT NOT NULL DEFAULT 0;

CREATE TABLE retraining_signals (
    signal_id     TEXT    NOT NULL PRIMARY KEY,
    monitor_id    TEXT    NOT NULL,
    deployment    TEXT    NOT NULL,
    alert_id      TEXT    NOT NULL UNIQUE,
    reason        TEXT    NOT NULL,
    creation_time BIGINT  NOT NULL
);
CREATE INDEX retraining_signals_by_deployment ON retraining_signals (deployment, creation_time);

CREATE TABLE monitor_evaluations (
    monitor_id      TEXT    NOT NULL,
    window_start_ms BIGINT  NOT NULL,
    window_end_ms   BIGINT  NOT NULL,
    rule            TEXT    NOT NULL,
    fired           SMALLINT NOT NULL,
    evidence        TEXT    NOT NULL,
    evaluation_time BIGINT  NOT NULL,
    PRIMARY KEY (monitor_id, window_start_ms)
);
