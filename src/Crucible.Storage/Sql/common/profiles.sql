-- Partial profile statements shared by SQLite and PostgreSQL (table profile_partials, migration 0011).

-- name: GetPartial
SELECT blob FROM profile_partials
WHERE deployment = @deployment AND model_version = @model_version AND window_start_ms = @window_start_ms
  AND window_length_ms = @window_length_ms AND replica = @replica;

-- name: UpsertPartial
INSERT INTO profile_partials (deployment, model_version, window_start_ms, window_length_ms, replica, row_count, blob, updated_time)
VALUES (@deployment, @model_version, @window_start_ms, @window_length_ms, @replica, @row_count, @blob, @now)
ON CONFLICT (deployment, model_version, window_start_ms, window_length_ms, replica) DO UPDATE SET
    row_count = excluded.row_count, blob = excluded.blob, updated_time = excluded.updated_time;

-- name: WindowPartials
-- Ordered by replica so a window merges in the same order whoever saved first.
SELECT replica, row_count, blob, updated_time FROM profile_partials
WHERE deployment = @deployment AND model_version = @model_version AND window_start_ms = @window_start_ms
  AND window_length_ms = @window_length_ms
ORDER BY replica;

-- name: RangePartials
-- Every partial of a deployment with a window start in [@from_ms, @to_ms), blobs included, in window (start, length), model version then replica order.
SELECT model_version, window_start_ms, window_length_ms, replica, row_count, blob, updated_time FROM profile_partials
WHERE deployment = @deployment AND window_start_ms >= @from_ms AND window_start_ms < @to_ms
ORDER BY window_start_ms, window_length_ms, model_version, replica
LIMIT @limit;

-- name: ListWindows
SELECT DISTINCT window_start_ms, window_length_ms FROM profile_partials
WHERE deployment = @deployment AND model_version = @model_version AND window_start_ms >= @from_ms AND window_start_ms < @to_ms
ORDER BY window_start_ms, window_length_ms;
