-- PostgreSQL label writes: one statement per batch, each column sent as one array (ids are unique within a batch).

-- name: UpsertLabels
INSERT INTO prediction_labels (deployment, request_id, label, updated_time)
SELECT @deployment, r.request_id, r.label, @now
FROM unnest(@request_id::text[], @label::double precision[]) AS r (request_id, label)
ON CONFLICT (deployment, request_id) DO UPDATE SET label = excluded.label, updated_time = excluded.updated_time;

-- name: CountUnmatchedLabels
SELECT count(*)
FROM unnest(@request_id::text[]) AS r (request_id)
WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.deployment = @deployment AND p.request_id = r.request_id AND p.shadow = 0);
