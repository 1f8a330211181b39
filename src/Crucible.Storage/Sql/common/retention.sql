-- Prediction-log retention (migration 0013) and compaction, shared by SQLite and PostgreSQL.

-- name: GetRetention
SELECT max_age_ms, max_bytes, updated_time FROM prediction_retention WHERE deployment = @deployment;

-- name: UpsertRetention
INSERT INTO prediction_retention (deployment, max_age_ms, max_bytes, updated_time)
VALUES (@deployment, @max_age_ms, @max_bytes, @now)
ON CONFLICT (deployment) DO UPDATE SET max_age_ms = excluded.max_age_ms, max_bytes = excluded.max_bytes, updated_time = excluded.updated_time;

-- name: LoggedDeployments
SELECT DISTINCT deployment FROM predictions ORDER BY deployment;

-- name: OldestPrediction
SELECT MIN(timestamp_ms) FROM predictions WHERE deployment = @deployment;

-- name: DeletePredictionsBefore
-- One bounded batch, oldest first, so a large compaction never holds the write lock for long.
DELETE FROM predictions WHERE seq IN (
    SELECT seq FROM predictions WHERE deployment = @deployment AND timestamp_ms < @before_ms ORDER BY timestamp_ms, seq LIMIT @limit);
