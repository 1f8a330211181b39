-- Ground-truth labels of served predictions, shared by SQLite and PostgreSQL.

-- name: UpsertLabel
-- Re-posting a label replaces it.
INSERT INTO prediction_labels (deployment, request_id, label, updated_time)
VALUES (@deployment, @request_id, @label, @now)
ON CONFLICT (deployment, request_id) DO UPDATE SET label = excluded.label, updated_time = excluded.updated_time;

-- name: PredictionExists
-- 1 when the deployment served (non-shadow) a prediction under this request id.
SELECT 1 FROM predictions WHERE deployment = @deployment AND request_id = @request_id AND shadow = 0 LIMIT 1;

-- name: LabelsInWindow
-- The labels of requests served in [from, to); the (deployment, request_id, ...) index finds each prediction.
SELECT l.request_id, l.label
FROM prediction_labels l
WHERE l.deployment = @deployment
  AND EXISTS (SELECT 1 FROM predictions p
              WHERE p.deployment = l.deployment AND p.request_id = l.request_id AND p.shadow = 0
                AND p.timestamp_ms >= @from_ms AND p.timestamp_ms < @to_ms);
