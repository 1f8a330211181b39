-- Prediction-log retention per deployment (PostgreSQL). A NULL bound means the server's default; 0 means no bound.
-- Compaction deletes prediction rows only; stored window profiles (profile_partials) are kept.
CREATE TABLE prediction_retention (
    deployment   TEXT   NOT NULL PRIMARY KEY,
    max_age_ms   BIGINT,
    max_bytes    BIGINT,
    updated_time BIGINT NOT NULL
);
