-- Per-window partial profiles (SQLite): one row per replica of a deployment's model version and time window, holding
-- that replica's binary profile (DatasetProfile.ToBytes). Readers merge a window's rows; a row is never shared.
CREATE TABLE profile_partials (
    deployment       TEXT    NOT NULL,
    model_version    TEXT    NOT NULL,
    window_start_ms  INTEGER NOT NULL,
    window_length_ms INTEGER NOT NULL,
    replica          TEXT    NOT NULL,
    row_count        INTEGER NOT NULL,
    blob             BLOB    NOT NULL,
    updated_time     INTEGER NOT NULL,
    PRIMARY KEY (deployment, model_version, window_start_ms, window_length_ms, replica)
) WITHOUT ROWID;
CREATE INDEX profile_partials_by_time ON profile_partials (deployment, window_start_ms);
