-- PostgreSQL overrides of common/profiles.sql.

-- name: GetPartial
-- Locks the row it reads (read committed): a compaction of the window waits for this save, then finds the row
-- changed and leaves it; and a save that waits for a compaction finds the row gone and stores only its own rows.
SELECT blob FROM profile_partials
WHERE deployment = @deployment AND model_version = @model_version AND window_start_ms = @window_start_ms
  AND window_length_ms = @window_length_ms AND replica = @replica
FOR UPDATE;
