-- Prediction-log sizes (PostgreSQL): a row's logged bytes are the UTF-8 bytes of its inputs, outputs and error JSON
-- plus @row_overhead for the other fields.

-- name: PredictionLogSize
SELECT COUNT(*), COALESCE(SUM(octet_length(inputs) + COALESCE(octet_length(outputs), 0) + COALESCE(octet_length(error), 0) + @row_overhead), 0)::bigint
FROM predictions WHERE deployment = @deployment;

-- name: SizeCutoff
-- The newest row at which the rows from the newest backwards pass @max_bytes (NULL when the log fits).
SELECT MAX(timestamp_ms) FROM (
    SELECT timestamp_ms, SUM(octet_length(inputs) + COALESCE(octet_length(outputs), 0) + COALESCE(octet_length(error), 0) + @row_overhead)
        OVER (ORDER BY timestamp_ms DESC, seq DESC) AS newer
    FROM predictions WHERE deployment = @deployment) AS r
WHERE newer > @max_bytes;
