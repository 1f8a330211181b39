-- Prediction-log retention per deployment (SQLite). A NULL bound means the server's default; 0 means no bound.
-- Compaction deletes prediction rows only; stored window profiles (profile_partials) are kept.
CREATE TABLE prediction_retention (
    deployment   TEXT    NOT NULL PRIMARY KEY,
    max_age_ms   INTEGER,
    max_bytes    INTEGER,
    updated_time INTEGER NOT NULL
);
