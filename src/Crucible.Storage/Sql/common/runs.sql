-- name: InsertRun
INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage)
VALUES (@run_uuid, @experiment_id, @name, @user_id, 'RUNNING', @start_time, NULL, @artifact_uri, 'active');

-- name: GetRunInfo
SELECT run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage
FROM runs WHERE run_uuid = @run_uuid;

-- name: UpdateRun
UPDATE runs SET status = COALESCE(@status, status), end_time = COALESCE(@end_time, end_time), name = COALESCE(@name, name)
WHERE run_uuid = @run_uuid;

-- name: SetRunLifecycle
UPDATE runs SET lifecycle_stage = @stage, deleted_time = @deleted_time WHERE run_uuid = @run_uuid;

-- name: SetRunName
UPDATE runs SET name = @name WHERE run_uuid = @run_uuid;

-- name: InsertMetric
INSERT INTO metrics (run_uuid, key, value, is_nan, timestamp, step, model_id, dataset_name, dataset_digest)
VALUES (@run_uuid, @key, @value, @is_nan, @timestamp, @step, @model_id, @dataset_name, @dataset_digest);

-- name: UpsertLatestMetric
-- Keeps the value with the greatest (step, timestamp, value); a NaN sorts below every number.
INSERT INTO latest_metrics (run_uuid, key, value, is_nan, timestamp, step)
VALUES (@run_uuid, @key, @value, @is_nan, @timestamp, @step)
ON CONFLICT (run_uuid, key) DO UPDATE
SET value = excluded.value, is_nan = excluded.is_nan, timestamp = excluded.timestamp, step = excluded.step
WHERE excluded.step > latest_metrics.step
   OR (excluded.step = latest_metrics.step AND excluded.timestamp > latest_metrics.timestamp)
   OR (excluded.step = latest_metrics.step AND excluded.timestamp = latest_metrics.timestamp
       AND (latest_metrics.is_nan = 1 OR (excluded.is_nan = 0 AND excluded.value > latest_metrics.value)));

-- name: InsertParam
INSERT INTO params (run_uuid, key, value) VALUES (@run_uuid, @key, @value)
ON CONFLICT (run_uuid, key) DO NOTHING;

-- name: GetParam
SELECT value FROM params WHERE run_uuid = @run_uuid AND key = @key;

-- name: UpsertTag
INSERT INTO tags (run_uuid, key, value) VALUES (@run_uuid, @key, @value)
ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value;

-- name: DeleteTag
DELETE FROM tags WHERE run_uuid = @run_uuid AND key = @key;

-- name: GetMetricHistory
SELECT key, value, is_nan, timestamp, step, model_id, dataset_name, dataset_digest FROM metrics
WHERE run_uuid = @run_uuid AND key = @key
ORDER BY timestamp, step, id
LIMIT @limit OFFSET @offset;

-- name: UpsertDataset
INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile)
VALUES (@dataset_uuid, @experiment_id, @name, @digest, @source_type, @source, @schema, @profile)
ON CONFLICT (experiment_id, name, digest) DO NOTHING;

-- name: GetDatasetId
SELECT dataset_uuid FROM datasets WHERE experiment_id = @experiment_id AND name = @name AND digest = @digest;

-- name: InsertRunInput
INSERT INTO run_inputs (run_uuid, dataset_uuid) VALUES (@run_uuid, @dataset_uuid)
ON CONFLICT (run_uuid, dataset_uuid) DO NOTHING;

-- name: UpsertRunInputTag
INSERT INTO run_input_tags (run_uuid, dataset_uuid, key, value) VALUES (@run_uuid, @dataset_uuid, @key, @value)
ON CONFLICT (run_uuid, dataset_uuid, key) DO UPDATE SET value = excluded.value;
