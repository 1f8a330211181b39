-- Per-window partial profiles (PostgreSQL): one row per replica of a deployment's model version and time window,
-- holding that replica's binary profile (DatasetProfile.ToBytes). Readers merge a window's rows; a row is never shared.
CREATE TABLE profile_partials (
    deployment       TEXT    NOT NULL,
    model_version    TEXT    NOT NULL,
    window_start_ms  BIGINT  NOT NULL,
    window_length_ms BIGINT  NOT NULL,
    replica          TEXT    NOT NULL,
    row_count        BIGINT  NOT NULL,
    blob             BYTEA   NOT NULL,
    updated_time     BIGINT  NOT NULL,
    PRIMARY KEY (deployment, model_version, window_start_ms, window_length_ms, replica)
);
CREATE INDEX profile_partials_by_time ON profile_partials (deployment, window_start_ms);
