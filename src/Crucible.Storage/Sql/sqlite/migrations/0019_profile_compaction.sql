-- Compaction of closed windows: a window's partials are replaced by one row (replica '(merged)') whose
-- merged_replicas lists the replicas merged into it, one per line; NULL on a replica's own partial.
ALTER TABLE profile_partials ADD COLUMN merged_replicas TEXT;
