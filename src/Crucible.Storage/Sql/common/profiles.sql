-- Partial profile statements shared by SQLite and PostgreSQL (table profile_partials, migration 0011).

-- name: GetPartial
SELECT blob FROM profile_partials
WHERE deployment = @deployment AND model_version = @model_version AND window_start_ms = @window_start_ms
  AND window_length_ms = @window_length_ms AND replica = @replica;

-- name: UpsertPartial
INSERT INTO profile_partials (deployment, model_version, window_start_ms, window_length_ms, replica, row_count, blob, updated_time, merged_replicas)
VALUES (@deployment, @model_version, @window_start_ms, @window_length_ms, @replica, @row_count, @blob, @now, @merged_replicas)
ON CONFLICT (deployment, model_version, window_start_ms, window_length_ms, replica) DO UPDATE SET
    row_count = excluded.row_count, blob = excluded.blob, updated_time = excluded.updated_time, merged_replicas = excluded.merged_replicas;

-- name: WindowPartials
-- Ordered by replica so a window merges in the same order whoever saved first.
SELECT replica, row_count, blob, updated_time, merged_replicas FROM profile_partials
WHERE deployment = @deployment AND model_version = @model_version AND window_start_ms = @window_start_ms
  AND window_length_ms = @window_length_ms
ORDER BY replica;

-- name: RangePartials
-- Every partial of a deployment with a window start in [@from_ms, @to_ms), blobs included, in window (start, length), model version then replica order.
SELECT model_version, window_start_ms, window_length_ms, replica, row_count, blob, updated_time, merged_replicas FROM profile_partials
WHERE deployment = @deployment AND window_start_ms >= @from_ms AND window_start_ms < @to_ms
ORDER BY window_start_ms, window_length_ms, model_version, replica
LIMIT @limit;

-- name: ListWindows
SELECT DISTINCT window_start_ms, window_length_ms FROM profile_partials
WHERE deployment = @deployment AND model_version = @model_version AND window_start_ms >= @from_ms AND window_start_ms < @to_ms
ORDER BY window_start_ms, window_length_ms;

-- name: UncompactedWindows
-- Closed windows (ended by @closed_before_ms) holding more than one row: their partials are not compacted yet.
SELECT deployment, model_version, window_start_ms, window_length_ms FROM profile_partials
WHERE window_start_ms + window_length_ms <= @closed_before_ms
GROUP BY deployment, model_version, window_start_ms, window_length_ms
HAVING COUNT(*) > 1
ORDER BY window_start_ms, deployment, model_version, window_length_ms
LIMIT @limit;

-- name: DeleteReadPartial
-- Deletes one partial as compaction read it: a row saved again since (a later updated_time) stays, and compaction retries.
DELETE FROM profile_partials
WHERE deployment = @deployment AND model_version = @model_version AND window_start_ms = @window_start_ms
  AND window_length_ms = @window_length_ms AND replica = @replica AND updated_time = @updated_time AND row_count = @row_count;
